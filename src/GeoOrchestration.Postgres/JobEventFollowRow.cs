using GeoOrchestration.Model;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Postgres;

/// <summary>
/// A row of a follower's read (JobEventFollow) by column alias: the statement's snapshot, and an event,
/// or nulls where the read found none (the one row then carries the snapshot alone).
/// </summary>
internal sealed class JobEventFollowRow
{
    /// <summary>The statement's snapshot as pg_snapshot text (xmin:xmax:xip,...).</summary>
    public string Snapshot { get; set; } = null!;
    public string? JobId { get; set; }
    public int? Stage { get; set; }
    public string? Kind { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public long? Xact { get; set; }
    public long? EventId { get; set; }

    /// <summary>The event, or null for the row of a read that found none.</summary>
    public JobEvent? ToRecord() => EventId is not { } id ? null
        : new JobEventRow { JobId = JobId!, Stage = Stage, Kind = Kind!, Detail = Detail, OccurredAt = OccurredAt!.Value, Xact = Xact!.Value, EventId = id }.ToRecord();
}
