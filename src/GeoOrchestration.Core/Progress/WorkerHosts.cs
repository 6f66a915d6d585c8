namespace GeoOrchestration.Progress;

/// <summary>
/// The host of a task's worker (its lease owner) from the worker registry, for a task listing: the
/// registry is read once, when the first task held by a worker asks, and not at all for a listing of
/// tasks nobody runs. A worker not registered (lost and removed, or a store without a registry) has none.
/// </summary>
/// <param name="client">The client whose store's registry is read.</param>
public sealed class WorkerHosts(GeoClient client)
{
    private Dictionary<string, string>? _hosts;

    /// <summary>The host of the worker <paramref name="workerId"/>; null for no worker, or one not registered.</summary>
    /// <param name="workerId">A task's lease owner; null when no worker holds it.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The host name, or null.</returns>
    public async ValueTask<string?> OfAsync(string? workerId, CancellationToken cancellationToken)
    {
        if (workerId is null) return null;
        _hosts ??= (await client.ListWorkersAsync(cancellationToken) ?? []).ToDictionary(w => w.WorkerId, w => w.Host, StringComparer.Ordinal);
        return _hosts.GetValueOrDefault(workerId);
    }
}
