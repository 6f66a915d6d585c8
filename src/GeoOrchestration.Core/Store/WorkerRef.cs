namespace GeoOrchestration.Store;

/// <summary>One registered worker, by its id (its lease owner).</summary>
/// <param name="WorkerId">The worker's id (<see cref="Engine.WorkerOptions.WorkerId"/>).</param>
public sealed record WorkerRef(string WorkerId);
