namespace GeoOrchestration.Progress;

/// <summary>A job's current stage counts, as <see cref="Store.IGeoStore.JobProgressAsync"/> reads them.</summary>
public sealed record JobStageProgress(string JobId, StageProgress Current);
