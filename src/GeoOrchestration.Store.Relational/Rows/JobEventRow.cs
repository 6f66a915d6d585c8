using GeoOrchestration.Model;

namespace GeoOrchestration.Store.Relational;

/// <summary>A row of a job's audit events (JobEventList) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="JobEvent"/>.</summary>
public sealed class JobEventRow
{
    public string JobId { get; set; } = null!;
    public int? Stage { get; set; }
    public string Kind { get; set; } = null!;
    public string? Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The writing transaction's id where the store orders by it (PostgreSQL's xid8), else 0.</summary>
    public long Xact { get; set; }
    public long EventId { get; set; }

    public JobEvent ToRecord() => new(JobId, Stage, JobEventKinds.Parse(Kind), StoreRowReader.Json(Detail), OccurredAt)
    {
        Position = new JobEventPosition(Xact, EventId),
    };
}
