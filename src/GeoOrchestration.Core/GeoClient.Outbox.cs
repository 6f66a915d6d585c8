using GeoOrchestration.Store;

namespace GeoOrchestration;

/// <summary>What waits undispatched: for front ends to report a message transport that cannot be reached.</summary>
public sealed partial class GeoClient
{
    /// <summary>
    /// The job's attempts that are ready but were not handed to the message transport (see
    /// <see cref="IGeoStoreOutbox.OutboxBacklogAsync"/>): under the Service Bus transport a count that
    /// stays and grows old means Service Bus is unreachable. Meaningless under the database transport,
    /// which dispatches nothing (its workers claim ready rows directly).
    /// </summary>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The count and the oldest's age by the store's clock; null when the store has no outbox (the embedded store).</returns>
    /// <exception cref="Errors.GeoValidationException">The id is malformed or an ambiguous prefix.</exception>
    /// <exception cref="Errors.GeoNotFoundException">No such job.</exception>
    public async Task<OutboxBacklog?> GetUndispatchedAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (Store is not IGeoStoreOutbox outbox) return null;
        var id = await ResolveJobIdAsync(jobId, cancellationToken);
        return await outbox.OutboxBacklogAsync(new OutboxBacklogParams(id), cancellationToken);
    }
}
