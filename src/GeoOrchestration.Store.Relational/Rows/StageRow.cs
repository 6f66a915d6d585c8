using GeoOrchestration.Model;

namespace GeoOrchestration.Store.Relational;

/// <summary>A row of a job's stage counters (StageList) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="StageRecord"/>.</summary>
public sealed class StageRow
{
    public string JobId { get; set; } = null!;
    public int Stage { get; set; }
    public int TaskCount { get; set; }
    public int Remaining { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? AdvancedAt { get; set; }
    public int Failed { get; set; }
    public int FailuresAllowed { get; set; }

    public StageRecord ToRecord() => new(JobId, Stage, TaskCount, Remaining, PlannedAt, CompletedAt, AdvancedAt, Failed, FailuresAllowed);
}
