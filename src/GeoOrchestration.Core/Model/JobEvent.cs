using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>One audit event of a job, as the store recorded it.</summary>
/// <param name="JobId">The job it belongs to.</param>
/// <param name="Stage">The stage it concerns; null for job-level events (submitted, finalized, failed, cancelled).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">Event-specific facts, e.g. <c>{"tasks": 12}</c> for stage_planned; null when there are none.</param>
/// <param name="OccurredAt">When the store wrote it, by the store's clock.</param>
public sealed record JobEvent(string JobId, int? Stage, JobEventKind Kind, JsonNode? Detail, DateTimeOffset OccurredAt);
