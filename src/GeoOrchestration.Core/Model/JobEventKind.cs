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
}
