using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>A task as the store holds it.</summary>
public sealed record TaskRecord
{
    /// <summary>The task's id, <c>{job id[0..16]}-s{stage}-{key}</c>.</summary>
    public required string TaskId { get; init; }
    /// <summary>The id of the task's job.</summary>
    public required string JobId { get; init; }
    /// <summary>The task's stage, from 1.</summary>
    public required int Stage { get; init; }
    /// <summary>The task's place in its stage's plan, from 0: tasks are listed by stage, then by this.</summary>
    public int Ordinal { get; init; }
    /// <summary>The task's key within its stage, as its planner gave it.</summary>
    public required string TaskKey { get; init; }
    /// <summary>The task type its handler runs.</summary>
    public required string TaskType { get; init; }
    /// <summary>The parameters it was planned with.</summary>
    public required JsonObject Parameters { get; init; }
    /// <summary>Where the task stands.</summary>
    public required TaskRecordStatus Status { get; init; }
    /// <summary>The handler's result once completed; null otherwise.</summary>
    public JsonNode? Result { get; init; }
    /// <summary>The type name of the last attempt's exception (or the engine's reason, e.g. a lost lease); null when no attempt failed.</summary>
    public string? ErrorType { get; init; }
    /// <summary>The last failure's message; null when no attempt failed.</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>Attempts started so far (0 before the first claim); a lost lease counts, a hand-back does not.</summary>
    public required int Attempts { get; init; }
    /// <summary>Attempts allowed before the task fails for good (its handler's <c>MaxAttempts</c>, 1 or more).</summary>
    public required int MaxAttempts { get; init; }
    /// <summary>The worker holding the current attempt's lease; null when none does.</summary>
    public string? LeaseOwner { get; init; }
    /// <summary>When the current lease expires, by the store's clock, unless renewed; null when none is held.</summary>
    public DateTimeOffset? LeaseExpires { get; init; }
    /// <summary>When the task may be claimed, by the store's clock: later than now for a retry waiting out its backoff.</summary>
    public required DateTimeOffset VisibleAt { get; init; }
    /// <summary>When the task was planned, by the store's clock.</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>When its first attempt was claimed; null before.</summary>
    public DateTimeOffset? Started { get; init; }
    /// <summary>When it ended (completed, failed for good, cancelled); null while live.</summary>
    public DateTimeOffset? Completed { get; init; }
    /// <summary>How long one attempt may run; null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>When the current attempt was claimed.</summary>
    public DateTimeOffset? Claimed { get; init; }
    /// <summary>
    /// Progress the handler last reported (0..100), stored within a second of the report (at most once
    /// a second per task, and with each heartbeat); 100 once the task completed.
    /// </summary>
    public double? ProgressPercent { get; init; }
    /// <summary>What the handler last said it was doing (at most 1,000 characters); null when it said nothing.</summary>
    public string? ProgressMessage { get; init; }

    /// <summary>For a task waiting to be retried: when its next attempt may start.</summary>
    public DateTimeOffset? NextAttemptAt => Status == TaskRecordStatus.Queued && Attempts > 0 ? VisibleAt : null;
}
