using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>A task as the store holds it.</summary>
public sealed record TaskRecord
{
    public required string TaskId { get; init; }
    public required string JobId { get; init; }
    public required int Stage { get; init; }
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
}
