namespace GeoOrchestration.Store.Relational;

/// <summary>A row of the pending control work (WorkList) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="WorkRecord"/>.</summary>
public sealed class WorkRow
{
    public string JobId { get; set; } = null!;
    /// <summary>The stored kind name: "plan" or "finalize".</summary>
    public string Kind { get; set; } = null!;
    public int Stage { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset VisibleAt { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public WorkRecord ToRecord() => new(JobId, WorkKindNames.Parse(Kind), Stage, Attempts, LeaseOwner,
        VisibleAt, LeaseExpiresAt);
}
