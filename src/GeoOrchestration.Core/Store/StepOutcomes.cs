using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// What the steps inside a store transaction (IGeoStoreTransaction) found and did.

/// <summary>What <see cref="IGeoStoreTransaction.StagePlanAsync"/> did.</summary>
public enum StagePlanStatus
{
    /// <summary>The stage's tasks were written.</summary>
    Planned,
    /// <summary>The job was not live, or the stage had been planned before (its plan stands); nothing was written.</summary>
    Skipped,
}

/// <summary>What <see cref="IGeoStoreTransaction.StageAdvanceAsync"/> did.</summary>
public enum StageAdvanceStatus
{
    /// <summary>The next step and the stage_completed event were written.</summary>
    Advanced,
    /// <summary>The stage had advanced before, has tasks left, or its job is not live; nothing was written.</summary>
    NotAdvanced,
}

/// <summary>What <see cref="IGeoStoreTransaction.TaskRetryScheduleAsync"/> did.</summary>
public enum TaskRetryStatus
{
    /// <summary>The task is queued again, claimable once its delay has passed by the store's clock; the attempt counted.</summary>
    Scheduled,
    /// <summary>The attempt does not hold the task, or the task has no attempt left; nothing changed.</summary>
    NotScheduled,
    /// <summary>The task's job ended meanwhile (cancelled or failed): the task was cancelled instead of requeued.</summary>
    Cancelled,
}

/// <summary>What ending a job (<see cref="IGeoStoreTransaction.JobEndAsync"/>, <see cref="IGeoStoreTransaction.JobCompleteAsync"/>) did.</summary>
public enum JobEndStatus
{
    /// <summary>The job ended with the status given.</summary>
    Ended,
    /// <summary>The job was not in a state the change applies to (or does not exist); nothing changed.</summary>
    NotLive,
}

/// <summary>What <see cref="IGeoStoreTransaction.JanitorLockAsync"/> found.</summary>
public enum JanitorLockStatus
{
    /// <summary>This transaction holds the janitor lock until it ends.</summary>
    Acquired,
    /// <summary>Another worker's round holds it: this round does nothing.</summary>
    HeldElsewhere,
}

/// <summary>Which listeners a commit should wake.</summary>
public enum WorkWake
{
    /// <summary>Tasks became runnable (now or at a due time).</summary>
    Tasks,
    /// <summary>Control work (plan, finalize) was enqueued.</summary>
    Control,
}

/// <summary>A task this transaction completed, and its stage.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Stage">Its stage.</param>
public sealed record CompletedTask(string TaskId, string JobId, int Stage);

/// <summary>A stage counter after a batch counted its completions.</summary>
/// <param name="JobId">The stage's job.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Remaining">Tasks of the stage still to count; 0 closes the stage.</param>
/// <param name="TotalStages">How many stages the job runs (what the stage advances to).</param>
public sealed record StageCount(string JobId, int Stage, int Remaining, int TotalStages);

/// <summary>What <see cref="IGeoStoreTransaction.TaskCompleteManyAsync"/> did.</summary>
/// <param name="Completed">The tasks this call completed (those not live were left out).</param>
/// <param name="Stages">Each stage it counted completions against, once, with its counter afterwards.</param>
public sealed record TaskCompleteManyOutcome(IReadOnlyList<CompletedTask> Completed, IReadOnlyList<StageCount> Stages);

/// <summary>A task failed for good, with the reason it was given.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Stage">Its stage.</param>
/// <param name="Reason">Why, as recorded on the task (and in the job's error if it fails the job).</param>
public sealed record FailedTask(string TaskId, string JobId, int Stage, string Reason);

/// <summary>How <see cref="IGeoStoreTransaction.StageFailureCountAsync"/> counted a task failed for good.</summary>
public enum StageFailureStatus
{
    /// <summary>Within the stage's tolerance: counted toward the stage's completion.</summary>
    Tolerated,
    /// <summary>Beyond it: nothing counted; the job is to fail.</summary>
    BeyondTolerance,
}

/// <summary>What <see cref="IGeoStoreTransaction.StageFailureCountAsync"/> did.</summary>
/// <param name="Status">Whether the failure was within the stage's tolerance.</param>
/// <param name="Remaining">Tasks of the stage still to count, after this failure when tolerated (0 then closes the stage).</param>
/// <param name="TotalStages">How many stages the job runs.</param>
/// <param name="FailuresAllowed">How many failed tasks the stage tolerates, as planned.</param>
public sealed record StageFailureOutcome(StageFailureStatus Status, int Remaining, int TotalStages, int FailuresAllowed);

/// <summary>An attempt whose lease expired.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt whose lease expired, from 1.</param>
/// <param name="MaxAttempts">The task's attempt limit: with none left the task fails for good.</param>
/// <param name="WorkerId">The worker that held the lease.</param>
/// <param name="Lease">The lease the attempt was given, when the store recorded it.</param>
/// <param name="JobEnded">The task's job has ended.</param>
public sealed record ExpiredLease(string TaskId, int Attempt, int MaxAttempts, string WorkerId, TimeSpan? Lease, bool JobEnded);

/// <summary>A task whose expired attempt the janitor ended, and what became of the task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Stage">Its stage.</param>
/// <param name="Status">Queued (requeued), failed (no attempt left) or cancelled (its job ended).</param>
/// <param name="Reason">The reason recorded with a failure.</param>
public sealed record RescuedTask(string TaskId, string JobId, int Stage, TaskRecordStatus Status, string? Reason);

/// <summary>A task a stopping worker still held when it gave it back (<see cref="IGeoStoreTransaction.TasksReleaseAsync"/>).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Stage">Its stage, from 1.</param>
/// <param name="Status">Queued (handed back, the attempt not counted) or cancelled (its job had ended meanwhile).</param>
public sealed record ReleasedTask(string TaskId, string JobId, int Stage, TaskRecordStatus Status);

/// <summary>A running attempt past its task timeout.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt that overran.</param>
/// <param name="Timeout">The task timeout as configured.</param>
public sealed record OverdueTask(string TaskId, int Attempt, TimeSpan Timeout);

/// <summary>A live job past its job timeout.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Timeout">The job timeout as configured.</param>
public sealed record OverdueJob(string JobId, TimeSpan Timeout);

/// <summary>
/// A live job without pending work: its current stage, and whether that stage has completed (then it
/// needs the step after it, else its plan).
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Stage">Its current stage.</param>
/// <param name="TotalStages">How many stages it runs.</param>
/// <param name="StageCompleted">Whether the current stage has no task left.</param>
public sealed record MissingStep(string JobId, int Stage, int TotalStages, bool StageCompleted);
