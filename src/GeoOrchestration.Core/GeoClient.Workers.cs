using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>
    /// The workers registered on this store (<see cref="IGeoStore.WorkerListAsync"/>), lost ones
    /// included until a janitor removes them, by host, start and id; each read at the store's clock.
    /// </summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The workers; empty when none is registered; null when the store keeps no worker registry.</returns>
    public Task<IReadOnlyList<WorkerRecord>?> ListWorkersAsync(CancellationToken cancellationToken = default) =>
        Store.WorkerListAsync(cancellationToken);
}
