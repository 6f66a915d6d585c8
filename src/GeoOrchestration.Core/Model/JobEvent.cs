using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>One audit event of a job, as the store recorded it.</summary>
/// <param name="JobId">The job it belongs to.</param>
/// <param name="Stage">The stage it concerns; null for job-level events (submitted, finalized, failed, cancelled).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">Event-specific facts, e.g. <c>{"tasks": 12}</c> for stage_planned; null when there are none (see README, "The audit trail", for each kind's).</param>
/// <param name="OccurredAt">When the store wrote it, by the store's clock.</param>
public sealed record JobEvent(string JobId, int? Stage, JobEventKind Kind, JsonNode? Detail, DateTimeOffset OccurredAt)
{
    /// <summary>Its place in the store's order of the job's events: the cursor a follower reads after (<c>Store.JobEventListParams.After</c>).</summary>
    public JobEventPosition Position { get; init; }

    /// <summary>The event's id, unique in its store and rising in the order events are written.</summary>
    public long Id => Position.EventId;
}
