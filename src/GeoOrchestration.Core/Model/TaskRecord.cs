using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>A task as the store holds it.</summary>
public sealed record TaskRecord
{
    public required string TaskId { get; init; }
    public required string JobId { get; init; }
    public required int Stage { get; init; }
    /// <summary>The task's place in its stage's plan, from 0: tasks are listed by stage, then by this.</summary>
    public int Ordinal { get; init; }
    public required string TaskKey { get; init; }
    public required string TaskType { get; init; }
    public required JsonObject Parameters { get; init; }
    public required TaskRecordStatus Status { get; init; }
    public JsonNode? Result { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }
    public required int Attempts { get; init; }
    public required int MaxAttempts { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpires { get; init; }
    public required DateTimeOffset VisibleAt { get; init; }
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Completed { get; init; }
    public TimeSpan? Timeout { get; init; }
    /// <summary>When the current attempt was claimed.</summary>
    public DateTimeOffset? Claimed { get; init; }
    /// <summary>
    /// Progress the handler last reported (0..100), stored within a second of the report (at most once
    /// a second per task, and with each heartbeat); 100 once the task completed.
    /// </summary>
    public double? ProgressPercent { get; init; }
    public string? ProgressMessage { get; init; }

    /// <summary>For a task waiting to be retried: when its next attempt may start.</summary>
    public DateTimeOffset? NextAttemptAt => Status == TaskRecordStatus.Queued && Attempts > 0 ? VisibleAt : null;
}
