using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store.Relational;

/// <summary>A row of the task list (TaskList) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="TaskRecord"/>.</summary>
public sealed class TaskRow
{
    public string TaskId { get; set; } = null!;
    public string JobId { get; set; } = null!;
    public int Stage { get; set; }
    public int Ordinal { get; set; }
    public string TaskKey { get; set; } = null!;
    public string TaskType { get; set; } = null!;
    public string Parameters { get; set; } = null!;
    public string Status { get; set; } = null!;
    public string? Result { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset VisibleAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public TimeSpan? Timeout { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public double? ProgressPercent { get; set; }
    public string? ProgressMessage { get; set; }

    public TaskRecord ToRecord() => new()
    {
        TaskId = TaskId,
        JobId = JobId,
        Stage = Stage,
        Ordinal = Ordinal,
        TaskKey = TaskKey,
        TaskType = TaskType,
        Parameters = JsonNode.Parse(Parameters)!.AsObject(),
        Status = StatusNames.ParseTask(Status),
        Result = StoreRowReader.Json(Result),
        ErrorType = ErrorType,
        ErrorMessage = ErrorMessage,
        Attempts = Attempts,
        MaxAttempts = MaxAttempts,
        LeaseOwner = LeaseOwner,
        LeaseExpires = LeaseExpiresAt,
        VisibleAt = VisibleAt,
        Created = CreatedAt,
        Started = StartedAt,
        Completed = CompletedAt,
        Timeout = Timeout,
        Claimed = ClaimedAt,
        // A completed task is done, whatever its handler last reported (or whether it reported at all).
        ProgressPercent = Status == "completed" ? 100 : ProgressPercent,
        ProgressMessage = ProgressMessage,
    };
}
