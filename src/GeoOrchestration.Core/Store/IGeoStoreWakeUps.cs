namespace GeoOrchestration.Store;

/// <summary>
/// A store that can wake idle workers when work arrives (PostgreSQL: LISTEN/NOTIFY; SQLite: a signal
/// within the process and a poll of the file's commit counter across processes). A store without it
/// still works: its workers find new work at their fallback poll interval.
/// </summary>
public interface IGeoStoreWakeUps
{
    /// <summary>
    /// Calls <see cref="WorkListenParams.OnWork"/> whenever new work may be available, until disposed.
    /// Listen before claiming, so a notification between a claim and the following wait is not lost.
    /// </summary>
    /// <returns>The listener; disposing it stops the calls.</returns>
    Task<IAsyncDisposable> WorkListenAsync(WorkListenParams parameters, CancellationToken cancellationToken);

    /// <summary>How the wake-ups travel, for a worker's start line (e.g. <c>PostgreSQL LISTEN/NOTIFY</c>).</summary>
    /// <value>Default <c>store wake-ups</c>; each store names its own.</value>
    string WakeUpTransport => "store wake-ups";
}

/// <param name="OnWork">Called on a thread of the store's choosing; must be cheap and must not throw (the worker sets a signal).</param>
public sealed record WorkListenParams(Action OnWork);
