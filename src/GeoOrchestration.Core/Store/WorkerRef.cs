namespace GeoOrchestration.Store;

/// <summary>One registered worker, by its id (its lease owner).</summary>
/// <param name="WorkerId">The worker's id (<see cref="Engine.WorkerOptions.WorkerId"/>).</param>
/// <param name="Instance">
/// The process's instance token (<see cref="WorkerRegisterParams.Instance"/>): only a row it holds is meant. Null: the id's row, whoever holds it.
/// </param>
public sealed record WorkerRef(string WorkerId, string? Instance = null);
