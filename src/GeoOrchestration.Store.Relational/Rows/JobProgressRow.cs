using GeoOrchestration.Progress;

namespace GeoOrchestration.Store.Relational;

/// <summary>A row of JobProgressList (each store's) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="JobStageProgress"/>.</summary>
public sealed class JobProgressRow
{
    public string JobId { get; set; } = null!;
    public int Stage { get; set; }
    public int TaskCount { get; set; }
    public int Remaining { get; set; }
    /// <summary>The processing tasks' reported progress, in tasks (percent summed, divided by 100).</summary>
    public double Running { get; set; }

    public JobStageProgress ToRecord() => new(JobId, new StageProgress(Stage, TaskCount, Remaining, Running));
}
