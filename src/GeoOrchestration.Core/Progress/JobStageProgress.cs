namespace GeoOrchestration.Progress;

/// <summary>A job's current stage counts, as <see cref="Store.IGeoStore.JobProgressAsync"/> reads them.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Current">The counts of the stage asked for.</param>
public sealed record JobStageProgress(string JobId, StageProgress Current);
