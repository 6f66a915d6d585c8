using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// What the steps inside a store transaction (IGeoStoreTransaction) found and did.

public enum StagePlanStatus
{
    /// <summary>The stage's tasks were written.</summary>
    Planned,
    /// <summary>The job was not live, or the stage had been planned before (its plan stands); nothing was written.</summary>
    Skipped,
}

public enum StageAdvanceStatus
{
    /// <summary>The next step and the stage_completed event were written.</summary>
    Advanced,
    /// <summary>The stage had advanced before, has tasks left, or its job is not live; nothing was written.</summary>
    NotAdvanced,
}

public enum TaskRetryStatus
{
    Scheduled,
    /// <summary>The attempt does not hold the task, or the task has no attempt left; nothing changed.</summary>
    NotScheduled,
    /// <summary>The task's job ended meanwhile (cancelled or failed): the task was cancelled instead of requeued.</summary>
    Cancelled,
}

public enum JobEndStatus
{
    Ended,
    /// <summary>The job was not in a state the change applies to (or does not exist); nothing changed.</summary>
    NotLive,
}

public enum JanitorLockStatus
{
    Acquired,
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
public sealed record CompletedTask(string TaskId, string JobId, int Stage);

/// <summary>A stage counter after a batch counted its completions.</summary>
/// <param name="Remaining">Tasks of the stage still to count; 0 closes the stage.</param>
public sealed record StageCount(string JobId, int Stage, int Remaining, int TotalStages);

public sealed record TaskCompleteManyOutcome(IReadOnlyList<CompletedTask> Completed, IReadOnlyList<StageCount> Stages);

/// <summary>A task failed for good, with the reason it was given.</summary>
public sealed record FailedTask(string TaskId, string JobId, int Stage, string Reason);

public enum StageFailureStatus
{
    /// <summary>Within the stage's tolerance: counted toward the stage's completion.</summary>
    Tolerated,
    /// <summary>Beyond it: nothing counted; the job is to fail.</summary>
    BeyondTolerance,
}

/// <param name="Remaining">Tasks of the stage still to count, after this failure when tolerated (0 then closes the stage).</param>
/// <param name="FailuresAllowed">How many failed tasks the stage tolerates, as planned.</param>
public sealed record StageFailureOutcome(StageFailureStatus Status, int Remaining, int TotalStages, int FailuresAllowed);

/// <summary>An attempt whose lease expired.</summary>
/// <param name="Lease">The lease the attempt was given, when the store recorded it.</param>
/// <param name="JobEnded">The task's job has ended.</param>
public sealed record ExpiredLease(string TaskId, int Attempt, int MaxAttempts, string WorkerId, TimeSpan? Lease, bool JobEnded);

/// <summary>A task whose expired attempt the janitor ended, and what became of the task.</summary>
/// <param name="Status">Queued (requeued), failed (no attempt left) or cancelled (its job ended).</param>
/// <param name="Reason">The reason recorded with a failure.</param>
public sealed record RescuedTask(string TaskId, string JobId, int Stage, TaskRecordStatus Status, string? Reason);

/// <summary>A running attempt past its task timeout.</summary>
public sealed record OverdueTask(string TaskId, int Attempt, TimeSpan Timeout);

/// <summary>A live job past its job timeout.</summary>
public sealed record OverdueJob(string JobId, TimeSpan Timeout);

/// <summary>
/// A live job without pending work: its current stage, and whether that stage has completed (then it
/// needs the step after it, else its plan).
/// </summary>
public sealed record MissingStep(string JobId, int Stage, int TotalStages, bool StageCompleted);
