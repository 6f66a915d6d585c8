using System.Collections.Specialized;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell;

/// <summary>An audit event of a job as <c>Get-GeoJobEvent</c> outputs it: what happened, when, and to which stage and task.</summary>
public sealed class GeoJobEvent
{
    public string JobId { get; init; } = "";

    /// <summary>The event's id in its store, rising in the order events are written.</summary>
    public long Id { get; init; }

    /// <summary>When the store wrote it, in local time.</summary>
    public DateTime Time { get; init; }

    /// <summary>The stage it concerns; null for job-level events (submitted, finalized, failed, cancelled).</summary>
    public int? Stage { get; init; }

    /// <summary>The kind's snake_case name: submitted, stage_planned, stage_completed, task_retrying, task_failed, lease_expired, tasks_handed_back, repaired, cancelled, failed, retried, finalized.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The task it concerns (task_retrying, task_failed, lease_expired); null otherwise.</summary>
    public string? TaskId { get; init; }

    /// <summary>The event in one line, as <c>geoorch job events</c> prints it.</summary>
    public string Message { get; init; } = "";

    /// <summary>The event's facts (README, "The audit trail", lists them per kind); empty when it has none.</summary>
    public OrderedDictionary Detail { get; init; } = new();

    public override string ToString() => $"{Kind}: {Message}";

    internal static GeoJobEvent From(JobEvent e) => new()
    {
        JobId = e.JobId,
        Id = e.Id,
        Time = LocalTime.Of(e.OccurredAt),
        Stage = e.Stage,
        Kind = JobEventKinds.ToName(e.Kind),
        TaskId = e.Detail?["task"] is JsonValue task && task.TryGetValue(out string? id) ? id : null,
        Message = JobEventMessages.Describe(e),
        Detail = e.Detail is JsonObject detail ? JsonValues.ToDictionary(detail) : new JsonDictionary(),
    };
}
