using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// One params record per store method (noun first, as the method it feeds).

/// <param name="TaskTimeout">How long one task attempt may run; null for no limit.</param>
/// <param name="JobTimeout">How long the whole job may take from submission; null for no limit.</param>
/// <param name="RequestId">The request the job is a run of; null for <paramref name="JobId"/> (run 1's id is its request's).</param>
/// <param name="Run">Which run of the request, from 1 (<see cref="Identity.JobIdentity.RunJobId"/> gives its job id).</param>
/// <param name="TraceParent">The submitter's W3C traceparent, stored with the job (<see cref="Diagnostics.JobTraceContext"/>); null for none. Stored as given: a reader ignores text that does not parse.</param>
/// <param name="TraceState">The submitter's W3C tracestate; null for none.</param>
public sealed record JobSubmitParams(string JobId, string JobType, JsonObject Parameters, int TotalStages,
    TimeSpan? TaskTimeout = null, TimeSpan? JobTimeout = null, string? RequestId = null, int Run = 1,
    string? TraceParent = null, string? TraceState = null);

/// <param name="Prefix">Lowercase hexadecimal characters a job id starts with.</param>
/// <param name="Limit">Most ids returned; asking for one more than needed tells a unique prefix from an ambiguous one.</param>
public sealed record JobFindParams(string Prefix, int Limit);

/// <param name="CreatedSince">Only jobs created at or after this time; null for all.</param>
/// <param name="Before">Only jobs after this one in list order (newest first): the keyset of the previous page's last job; null from the start.</param>
/// <param name="Skip">Leave out this many jobs (after <paramref name="Before"/>) before the page starts; default 0.</param>
/// <param name="RequestId">Only the runs of this request (<see cref="JobRecord.RequestId"/>); null for all.</param>
public sealed record JobListParams(JobStatus? Status = null, string? JobType = null, int Limit = 50,
    DateTimeOffset? CreatedSince = null, JobListCursor? Before = null, int Skip = 0, string? RequestId = null);

/// <summary>A position in the job list (newest first, then by id): the creation time and id of a job.</summary>
public sealed record JobListCursor(DateTimeOffset Created, string JobId);

/// <summary>A page of a job's tasks in stage and plan order (keyset paging: each page starts after the last task of the one before).</summary>
/// <param name="Stage">Only the tasks of this stage; null for all.</param>
/// <param name="Limit">At most this many tasks.</param>
/// <param name="Status">Only tasks in this status; null for all.</param>
/// <param name="After">Only tasks after this place in stage and plan order (the last task of the previous page); null from the first.</param>
/// <param name="Skip">Leave out this many tasks (after <paramref name="After"/>) before the page starts; default 0.</param>
public sealed record TaskListParams(string JobId, int? Stage = null, int Limit = 10_000, TaskRecordStatus? Status = null,
    TaskListCursor? After = null, int Skip = 0)
{
    /// <summary>
    /// Where the page starts, exclusive, in (stage, ordinal) order: <see cref="After"/>, or the start
    /// of <see cref="Stage"/> when that comes later. Every store's query takes it as its lower bound,
    /// so a stage filter is a seek, not a scan of the stages before it.
    /// </summary>
    public TaskListCursor From
    {
        get
        {
            var start = Stage is { } stage ? new TaskListCursor(stage, -1) : TaskListCursor.Start;
            return After is { } after && after.CompareTo(start) > 0 ? after : start;
        }
    }

    /// <summary>The last stage the page may reach: <see cref="Stage"/>, else every stage.</summary>
    public int ToStage => Stage ?? int.MaxValue;
}

/// <summary>A task's place in its job's listing order: its stage, then its place in that stage's plan (from 0).</summary>
public sealed record TaskListCursor(int Stage, int Ordinal) : IComparable<TaskListCursor>
{
    /// <summary>Before every task.</summary>
    public static readonly TaskListCursor Start = new(0, -1);

    /// <summary>The place of <paramref name="task"/>: a page that ends with it continues after it.</summary>
    /// <param name="task">A task as listed.</param>
    /// <returns>Its place.</returns>
    public static TaskListCursor Of(TaskRecord task) => new(task.Stage, task.Ordinal);

    /// <summary>Orders places by stage, then by ordinal; null comes first.</summary>
    /// <param name="other">The other place.</param>
    /// <returns>Negative, zero or positive as this place comes before, at or after <paramref name="other"/>.</returns>
    public int CompareTo(TaskListCursor? other) =>
        other is null ? 1 : Stage != other.Stage ? Stage.CompareTo(other.Stage) : Ordinal.CompareTo(other.Ordinal);
}

/// <param name="WorkerId">Recorded as the lease owner.</param>
/// <param name="Limit">How many items the worker has room for.</param>
/// <param name="Lease">How long the items stay leased before another worker may take them.</param>
public sealed record WorkClaimParams(string WorkerId, int Limit, TimeSpan Lease);

/// <summary>One task of a stage plan, as a store writes it.</summary>
/// <param name="TaskId">Its id (<see cref="Identity.JobIdentity.TaskId"/>).</param>
/// <param name="TaskKey">Its key within the stage.</param>
/// <param name="TaskType">The task type its handler runs.</param>
/// <param name="Parameters">What its handler gets.</param>
/// <param name="MaxAttempts">Attempts before it fails for good (its handler's setting).</param>
public sealed record PlannedTask(string TaskId, string TaskKey, string TaskType, JsonObject Parameters, int MaxAttempts);

/// <summary>
/// A stage to plan. <see cref="Tasks"/> is streamed, not held: a store writes the tasks as they are
/// produced (a million-task stage never sits in memory) and enumerates again if it retries.
/// </summary>
/// <remarks>
/// With <see cref="ClaimFor"/>, the plan's transaction also claims up to its limit of runnable tasks
/// for the planning worker: the first tasks of a new stage start without another round trip.
/// <see cref="Tolerance"/> (null: none) says how many of the stage's tasks may fail for good while
/// the job goes on; the store resolves it against the number of tasks planned
/// (<see cref="Definitions.StageTolerance.AllowedFor"/>) and keeps that number with the stage.
/// </remarks>
public sealed record StagePlanParams(string JobId, int Stage, int TotalStages, IEnumerable<PlannedTask> Tasks,
    WorkClaimParams? ClaimFor = null, Definitions.StageTolerance? Tolerance = null)
{
    /// <summary>
    /// The worker planning the stage and the attempt its claim of the plan item returned; null when
    /// the caller holds no claim to check. A plan written in several transactions (see
    /// <see cref="IGeoStore.PlanChunkRows"/>) writes each one only while this claim still holds the item.
    /// </summary>
    public PlanHolder? Holder { get; init; }
}

/// <summary>A task's result to store.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Result">The handler's result; null for none.</param>
public sealed record TaskCompleteParams(string TaskId, JsonNode? Result);

/// <summary>
/// A worker's report that the attempt it holds failed. It counts only while that attempt still
/// holds the task (<see cref="TaskFailStatus.NotOwner"/> otherwise).
/// </summary>
/// <param name="WorkerId">The reporting worker, as it claimed the task (the lease owner).</param>
/// <param name="Attempt">The attempt number its claim returned (<see cref="WorkItem.Attempt"/>).</param>
/// <param name="RetryDelay">
/// How long from now, by the store's clock, until the task may run again; null fails the task (and
/// its job) for good. A duration, not a time: the worker's clock may be off the store's.
/// </param>
public sealed record TaskFailParams(string TaskId, string WorkerId, int Attempt, string ErrorType, string ErrorMessage, TimeSpan? RetryDelay);

/// <summary>How a finalize ends a processing job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Completed, or completed with errors (tolerated failures, or a fallback result).</param>
/// <param name="Result">The job's result.</param>
public sealed record JobFinalizeParams(string JobId, JobStatus Status, JsonNode? Result);

/// <summary>
/// A running task's lease renewal, with the progress its handler reported since the last one. It
/// renews only the attempt the worker holds (<see cref="Attempt"/>, as the claim returned it).
/// </summary>
public sealed record TaskHeartbeat(string TaskId, int Attempt, double? ProgressPercent, string? ProgressMessage);

/// <summary>A task attempt as a worker holds it: the task and the attempt number its claim returned.</summary>
public sealed record TaskAttempt(string TaskId, int Attempt);

/// <param name="Control">Plan and finalize items the worker is carrying out, renewed alongside the tasks (each only while its claim, <see cref="WorkItem.Attempt"/>, still holds it).</param>
public sealed record LeaseRenewParams(string WorkerId, IReadOnlyList<TaskHeartbeat> Tasks, TimeSpan Lease,
    IReadOnlyList<WorkItem>? Control = null);

/// <param name="Tasks">The attempts to hand back; one that no longer holds its task is left alone.</param>
public sealed record TaskReleaseParams(string WorkerId, IReadOnlyList<TaskAttempt> Tasks);

/// <summary>A worker stopping the attempt it holds because the task's job ended.</summary>
public sealed record TaskCancelParams(string TaskId, string WorkerId, int Attempt);

/// <summary>A job whose planned stages to list.</summary>
/// <param name="JobId">The job.</param>
public sealed record StageListParams(string JobId);

/// <summary>The jobs whose current stage counts <see cref="IGeoStore.JobProgressAsync"/> reads, each at the stage its record was read at.</summary>
public sealed record JobProgressParams(IReadOnlyList<JobProgressRef> Jobs);

/// <param name="Stage">The stage whose counter is read: the job's current stage as its record says.</param>
/// <param name="Live">The job is queued or processing: only then are its running tasks' reported progress added.</param>
public sealed record JobProgressRef(string JobId, int Stage, bool Live);

/// <param name="JobId">Only this job's items; null for every job's.</param>
public sealed record WorkListParams(string? JobId = null);

/// <param name="DryRun">Report what would run, changing nothing.</param>
public sealed record SchemaDeployParams(bool DryRun = false);

/// <param name="Reason">Recorded as the job's error; shown to operators.</param>
public sealed record JobCancelParams(string JobId, string Reason);

/// <param name="TaskTimeout">Replaces the job's task timeout for every attempt that starts after the retry; null keeps it.</param>
/// <param name="JobTimeout">Replaces the job's job timeout, which runs again from the retry; null keeps it.</param>
public sealed record JobRetryParams(string JobId, TimeSpan? TaskTimeout = null, TimeSpan? JobTimeout = null);

/// <param name="Error">The job's error: why it failed outside any task (a planner that broke its contract).</param>
public sealed record JobFailParams(string JobId, string Error);

/// <param name="WorkerId">The asking worker: its own leases are not counted.</param>
public sealed record LeasesElsewhereParams(string WorkerId);

/// <summary>A task to read.</summary>
/// <param name="TaskId">The task's id.</param>
public sealed record TaskGetParams(string TaskId);

/// <summary>How many jobs a listing selects: the filters of <see cref="JobListParams"/> without its cursor and limit.</summary>
/// <param name="CreatedSince">Only jobs created at or after this time; null for all.</param>
/// <param name="RequestId">Only the runs of this request; null for all.</param>
public sealed record JobCountParams(JobStatus? Status = null, string? JobType = null, DateTimeOffset? CreatedSince = null, string? RequestId = null);

/// <summary>How many tasks of a job a listing selects: the filters of <see cref="TaskListParams"/> without its cursor and limit.</summary>
/// <param name="Stage">Only the tasks of this stage; null for all.</param>
/// <param name="Status">Only tasks in this status; null for all.</param>
public sealed record TaskCountParams(string JobId, int? Stage = null, TaskRecordStatus? Status = null)
{
    /// <summary>The first stage counted.</summary>
    public int FromStage => Stage ?? 0;

    /// <summary>The last stage counted.</summary>
    public int ToStage => Stage ?? int.MaxValue;
}

/// <summary>The latest run (highest <see cref="JobRecord.Run"/>) of a request.</summary>
public sealed record JobLatestRunParams(string RequestId);

/// <summary>An ended job to delete with its stages, tasks, events and work items.</summary>
public sealed record JobDeleteParams(string JobId);

/// <summary>
/// One page of a completed stage's results in plan order (<see cref="IGeoStore.StageResultsPageAsync"/>):
/// the completed tasks after <paramref name="After"/>, at most <paramref name="Limit"/>.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Stage">The completed stage, from 1.</param>
/// <param name="After">Where the page starts: the previous page's <see cref="StageResultsPage.Next"/>; null for the first page.
/// A cursor of the store that gave it (the stores here: the plan position, ordinal, of the previous page's last result).</param>
/// <param name="Limit">At most this many results, 1 or more.</param>
/// <exception cref="ArgumentOutOfRangeException"><paramref name="Limit"/> is below 1.</exception>
public sealed record StageResultsPageParams(string JobId, int Stage, int? After, int Limit)
{
    /// <summary>At most this many results, 1 or more.</summary>
    public int Limit { get; init; } = Limit >= 1 ? Limit : throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "A page holds at least one result.");
}
