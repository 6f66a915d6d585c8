namespace GeoOrchestration.Store;

/// <summary>A registered worker's heartbeat (<see cref="IGeoStore.WorkerHeartbeatAsync"/>).</summary>
/// <param name="WorkerId">The worker, as it registered.</param>
/// <param name="Instance">Its instance token, as it registered: a row another process took over is not moved.</param>
/// <param name="Expiry">How long from now (the store's clock) it counts as alive without another heartbeat; more than zero.</param>
/// <param name="Running">Work items it holds now.</param>
/// <param name="Stopping">It was asked to stop and is finishing or handing back what it holds.</param>
public sealed record WorkerHeartbeatParams(string WorkerId, string Instance, TimeSpan Expiry, int Running, bool Stopping);
