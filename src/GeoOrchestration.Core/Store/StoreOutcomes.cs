namespace GeoOrchestration.Store;

/// <summary>What planning did (see <see cref="StagePlanStatus"/>).</summary>
/// <param name="StageCompleted">The stage had no task: it completed as it was planned.</param>
public sealed record StagePlanOutcome(StagePlanStatus Status, int TaskCount, bool StageCompleted)
{
    public bool Planned => Status == StagePlanStatus.Planned;

    /// <summary>Tasks claimed for the planning worker in the plan's transaction (see <see cref="StagePlanParams.ClaimFor"/>).</summary>
    public IReadOnlyList<WorkItem> Claimed { get; init; } = [];
}

public enum TaskCompleteStatus
{
    /// <summary>The result was stored and counted.</summary>
    Completed,
    /// <summary>The task had completed before; nothing changed.</summary>
    AlreadyCompleted,
    /// <summary>The task had failed or been cancelled; nothing changed.</summary>
    NotCompletable,
    NotFound,
}

/// <summary>
/// What a completion did; <see cref="StageCompleted"/> is true for the one completion that closed its
/// stage (its last task). The stage then advances at once if its job is live, else when the job is retried.
/// </summary>
/// <param name="TaskStatus">The task's status when it was not completed by this call (null when not found).</param>
public sealed record TaskCompleteOutcome(TaskCompleteStatus Status, bool StageCompleted = false, Model.TaskRecordStatus? TaskStatus = null);

public enum TaskFailStatus
{
    RetryScheduled,
    JobFailed,
    /// <summary>
    /// The task failed for good within its stage's tolerance (<see cref="StagePlanParams.Tolerance"/>):
    /// it counts toward the stage's completion (the last one to count advances the stage) and the job goes on.
    /// </summary>
    FailureTolerated,
    /// <summary>The task was no longer running (completed, failed or cancelled meanwhile); nothing changed.</summary>
    NotRunning,
    /// <summary>
    /// A retry was asked for, but the task's job had ended meanwhile (cancelled, or failed by another
    /// task): the task was cancelled instead, as the job's other tasks were.
    /// </summary>
    Cancelled,
    /// <summary>
    /// The reporting attempt no longer holds the task: its lease lapsed and the task was requeued,
    /// and maybe claimed again (by another worker or the same one). Nothing changed; the engine
    /// drops the report, and the task's newer attempt and its job go on.
    /// </summary>
    NotOwner,
}

public enum TaskCancelStatus
{
    /// <summary>The task was cancelled: its job has ended.</summary>
    Cancelled,
    /// <summary>The job is live again (retried since the worker saw it end): the task went back to the queue, the attempt not counted.</summary>
    Requeued,
    /// <summary>The attempt no longer holds the task (see <see cref="TaskFailStatus.NotOwner"/>); nothing changed.</summary>
    NotOwner,
}

public sealed record TaskFailOutcome(TaskFailStatus Status);

/// <summary>One migration as a deploy saw it.</summary>
public sealed record MigrationStep(int Version, string Name, bool Applied);

/// <summary>What a schema deploy did (or, for a dry run, would do).</summary>
public sealed record SchemaDeployResult(string Schema, IReadOnlyList<MigrationStep> Migrations, bool DryRun)
{
    public IEnumerable<MigrationStep> Pending => Migrations.Where(m => !m.Applied);
}

/// <summary>A renewed lease, and the status of the task's job at that moment.</summary>
public sealed record LeaseRenewal(string TaskId, Model.JobStatus JobStatus);

public enum JobChangeStatus
{
    Changed,
    NotFound,
    /// <summary>The job's status does not allow the change (e.g. cancelling a completed job).</summary>
    WrongStatus,
}

/// <summary>What a cancel or retry did; <see cref="Job"/> is the job afterwards (null when not found).</summary>
public sealed record JobChangeOutcome(JobChangeStatus Status, Model.JobRecord? Job, int TasksAffected = 0)
{
    /// <summary>
    /// A retry of a job that ended completed_with_errors: the stage it re-opened, whose tolerated
    /// failures run again (every later stage is planned again); null for any other change, and for
    /// such a retry that only runs the job's finalize again (no task had failed).
    /// </summary>
    public int? ReopenedStage { get; init; }

    /// <summary>Tasks of the stages after <see cref="ReopenedStage"/> that the retry removed, to be planned again from the new results.</summary>
    public int TasksRemoved { get; init; }
}

/// <summary>What one janitor round did; null from the store when another worker held the janitor lock.</summary>
public sealed record JanitorReport(int LeasesRescued, int TasksTimedOut, int JobsTimedOut, int JobsRepaired, int JobsFailed);
