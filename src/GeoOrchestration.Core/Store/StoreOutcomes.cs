namespace GeoOrchestration.Store;

/// <summary>What planning did (see <see cref="StagePlanStatus"/>).</summary>
/// <param name="Status">Whether the stage was planned by this call.</param>
/// <param name="TaskCount">Tasks written (0 when skipped).</param>
/// <param name="StageCompleted">The stage had no task: it completed as it was planned.</param>
public sealed record StagePlanOutcome(StagePlanStatus Status, int TaskCount, bool StageCompleted)
{
    /// <summary>Whether this call planned the stage.</summary>
    public bool Planned => Status == StagePlanStatus.Planned;

    /// <summary>Tasks claimed for the planning worker in the plan's transaction (see <see cref="StagePlanParams.ClaimFor"/>).</summary>
    public IReadOnlyList<WorkItem> Claimed { get; init; } = [];
}

/// <summary>What a completion did with one task.</summary>
public enum TaskCompleteStatus
{
    /// <summary>The result was stored and counted.</summary>
    Completed,
    /// <summary>The task had completed before; nothing changed.</summary>
    AlreadyCompleted,
    /// <summary>The task had failed or been cancelled; nothing changed.</summary>
    NotCompletable,
    /// <summary>No task has the id.</summary>
    NotFound,
}

/// <summary>
/// What a completion did; <see cref="StageCompleted"/> is true for the one completion that closed its
/// stage (its last task). The stage then advances at once if its job is live, else when the job is retried.
/// </summary>
/// <param name="Status">What happened to the task.</param>
/// <param name="StageCompleted">Whether this completion closed its stage.</param>
/// <param name="TaskStatus">The task's status when it was not completed by this call (null when not found).</param>
public sealed record TaskCompleteOutcome(TaskCompleteStatus Status, bool StageCompleted = false, Model.TaskRecordStatus? TaskStatus = null);

/// <summary>What a failure report did (<see cref="TaskFailOutcome"/>).</summary>
public enum TaskFailStatus
{
    /// <summary>The task is queued again after its backoff; the attempt counted.</summary>
    RetryScheduled,
    /// <summary>The task failed for good beyond its stage's tolerance: the job failed and its other tasks were cancelled.</summary>
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

/// <summary>What cancelling a held task because its job ended did.</summary>
public enum TaskCancelStatus
{
    /// <summary>The task was cancelled: its job has ended.</summary>
    Cancelled,
    /// <summary>The job is live again (retried since the worker saw it end): the task went back to the queue, the attempt not counted.</summary>
    Requeued,
    /// <summary>The attempt no longer holds the task (see <see cref="TaskFailStatus.NotOwner"/>); nothing changed.</summary>
    NotOwner,
}

/// <summary>What a failure report did.</summary>
/// <param name="Status">The outcome.</param>
public sealed record TaskFailOutcome(TaskFailStatus Status);

/// <summary>One migration as a deploy saw it.</summary>
/// <param name="Version">Its number (the file's prefix).</param>
/// <param name="Name">Its name (the rest of the file name).</param>
/// <param name="Applied">Whether it is applied (before the deploy for a dry run, after it otherwise).</param>
public sealed record MigrationStep(int Version, string Name, bool Applied);

/// <summary>What a schema deploy did (or, for a dry run, would do).</summary>
/// <param name="Schema">The schema (PostgreSQL) or file (SQLite) deployed.</param>
/// <param name="Migrations">Every migration of this build, in order.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
public sealed record SchemaDeployResult(string Schema, IReadOnlyList<MigrationStep> Migrations, bool DryRun)
{
    /// <summary>The migrations not applied: for a dry run, what a deploy would apply.</summary>
    public IEnumerable<MigrationStep> Pending => Migrations.Where(m => !m.Applied);
}

/// <summary>A renewed lease, and the status of the task's job at that moment.</summary>
/// <param name="TaskId">The task whose lease was renewed.</param>
/// <param name="JobStatus">Its job's status: an ended job tells the worker to stop the handler.</param>
public sealed record LeaseRenewal(string TaskId, Model.JobStatus JobStatus);

/// <summary>What a cancel, retry or delete did.</summary>
public enum JobChangeStatus
{
    /// <summary>The change was made.</summary>
    Changed,
    /// <summary>No job has the id.</summary>
    NotFound,
    /// <summary>The job's status does not allow the change (e.g. cancelling a completed job).</summary>
    WrongStatus,
}

/// <summary>What a cancel or retry did; <see cref="Job"/> is the job afterwards (null when not found).</summary>
/// <param name="Status">Whether the change was made.</param>
/// <param name="Job">The job afterwards (for a delete, as it was); null when not found.</param>
/// <param name="TasksAffected">Tasks cancelled (cancel), queued again (retry) or deleted (delete).</param>
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
/// <param name="LeasesRescued">Expired attempts ended (requeued, failed or cancelled).</param>
/// <param name="TasksTimedOut">Attempts failed for overrunning their task timeout.</param>
/// <param name="JobsTimedOut">Jobs failed for overrunning their job timeout.</param>
/// <param name="JobsRepaired">Live jobs given the next step they lacked.</param>
/// <param name="JobsFailed">Jobs this round failed, for any of those reasons.</param>
public sealed record JanitorReport(int LeasesRescued, int TasksTimedOut, int JobsTimedOut, int JobsRepaired, int JobsFailed);
