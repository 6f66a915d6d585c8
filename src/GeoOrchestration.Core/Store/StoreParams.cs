using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// One params record per store method (noun first, as the method it feeds).

public sealed record JobSubmitParams(string JobId, string JobType, JsonObject Parameters, int TotalStages);

public sealed record JobListParams(JobStatus? Status = null, string? JobType = null, int Limit = 50);

public sealed record TaskListParams(string JobId, int? Stage = null, int Limit = 10_000);

/// <param name="WorkerId">Recorded as the lease owner.</param>
/// <param name="Limit">How many items the worker has room for.</param>
/// <param name="Lease">How long the items stay leased before another worker may take them.</param>
public sealed record WorkClaimParams(string WorkerId, int Limit, TimeSpan Lease);

public sealed record PlannedTask(string TaskId, string TaskKey, string TaskType, JsonObject Parameters, int MaxAttempts);

public sealed record StagePlanParams(string JobId, int Stage, int TotalStages, IReadOnlyList<PlannedTask> Tasks);

public sealed record TaskCompleteParams(string TaskId, JsonNode? Result);

/// <param name="RetryAt">When to try again; null fails the task (and its job) for good.</param>
public sealed record TaskFailParams(string TaskId, string ErrorType, string ErrorMessage, DateTimeOffset? RetryAt);

public sealed record JobFinalizeParams(string JobId, JobStatus Status, JsonNode? Result);
