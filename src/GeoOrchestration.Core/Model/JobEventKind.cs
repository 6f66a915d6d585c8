namespace GeoOrchestration.Model;

/// <summary>What a job's audit event records. Stored as the snake_case names of <see cref="JobEventKinds"/>.</summary>
public enum JobEventKind
{
    /// <summary>The job was created (by a submission, or a forced new run).</summary>
    Submitted,
    /// <summary>A stage's tasks were written and counted: once per planning of a stage.</summary>
    StagePlanned,
    /// <summary>The stage's last task completed (or failed within the stage's tolerance) and its next step was written: once per stage, only while the job is live.</summary>
    StageCompleted,
    /// <summary>The job ended through its finalize (<c>completed</c> or <c>completed_with_errors</c>).</summary>
    Finalized,
    /// <summary>The job failed: a task failed beyond its stage's tolerance, a planner broke its contract, or the job timed out.</summary>
    Failed,
    /// <summary>The job was cancelled by a user.</summary>
    Cancelled,
    /// <summary>The job was taken back from an ended status; the detail says from which, the tasks queued and removed, and the timeouts given.</summary>
    Retried,
    /// <summary>A task's attempt failed and the task will run again: the detail names the task, the attempt, the error and the delay before the next attempt.</summary>
    TaskRetrying,
    /// <summary>A task failed for good (its error was permanent, its attempts ran out, or it overran its timeout): the detail says why and whether its stage tolerated it.</summary>
    TaskFailed,
    /// <summary>A worker stopped renewing a task's lease (lost or hung) and the janitor took the task back: the detail names the worker, the attempt and what became of the task.</summary>
    LeaseExpired,
    /// <summary>The janitor gave a live job the next step it had lost (plan a stage, or finalize).</summary>
    Repaired,
    /// <summary>A stopping worker handed tasks back without counting their attempts: the detail names the worker and the tasks.</summary>
    TasksHandedBack,
}
