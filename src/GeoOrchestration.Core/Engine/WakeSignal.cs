namespace GeoOrchestration.Engine;

/// <summary>
/// An auto-reset signal that remembers one wake-up: many <see cref="Set"/> calls before a wait
/// collapse into one, so a burst of notifications costs one extra claim, not a storm.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>True when signalled, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}
