using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// One params record per store method (noun first, as the method it feeds).

/// <param name="TaskTimeout">How long one task attempt may run; null for no limit.</param>
/// <param name="JobTimeout">How long the whole job may take from submission; null for no limit.</param>
public sealed record JobSubmitParams(string JobId, string JobType, JsonObject Parameters, int TotalStages,
    TimeSpan? TaskTimeout = null, TimeSpan? JobTimeout = null);

public sealed record JobListParams(JobStatus? Status = null, string? JobType = null, int Limit = 50);

public sealed record TaskListParams(string JobId, int? Stage = null, int Limit = 10_000);

/// <param name="WorkerId">Recorded as the lease owner.</param>
/// <param name="Limit">How many items the worker has room for.</param>
/// <param name="Lease">How long the items stay leased before another worker may take them.</param>
public sealed record WorkClaimParams(string WorkerId, int Limit, TimeSpan Lease);

public sealed record PlannedTask(string TaskId, string TaskKey, string TaskType, JsonObject Parameters, int MaxAttempts);

/// <summary>
/// A stage to plan. <see cref="Tasks"/> is streamed, not held: a store writes the tasks as they are
/// produced (a million-task stage never sits in memory) and enumerates again if it retries.
/// </summary>
/// <remarks>
/// With <see cref="ClaimFor"/>, the plan's transaction also claims up to its limit of runnable tasks
/// for the planning worker: the first tasks of a new stage start without another round trip.
/// </remarks>
public sealed record StagePlanParams(string JobId, int Stage, int TotalStages, IEnumerable<PlannedTask> Tasks,
    WorkClaimParams? ClaimFor = null);

public sealed record TaskCompleteParams(string TaskId, JsonNode? Result);

/// <param name="RetryDelay">
/// How long from now, by the store's clock, until the task may run again; null fails the task (and
/// its job) for good. A duration, not a time: the worker's clock may be off the store's.
/// </param>
public sealed record TaskFailParams(string TaskId, string ErrorType, string ErrorMessage, TimeSpan? RetryDelay);

public sealed record JobFinalizeParams(string JobId, JobStatus Status, JsonNode? Result);

/// <summary>A running task's lease renewal, with the progress its handler reported since the last one.</summary>
public sealed record TaskHeartbeat(string TaskId, double? ProgressPercent, string? ProgressMessage);

/// <param name="Control">Plan and finalize items the worker is carrying out, renewed alongside the tasks.</param>
public sealed record LeaseRenewParams(string WorkerId, IReadOnlyList<TaskHeartbeat> Tasks, TimeSpan Lease,
    IReadOnlyList<WorkItem>? Control = null);

public sealed record TaskReleaseParams(string WorkerId, IReadOnlyList<string> TaskIds);
