namespace GeoOrchestration.Engine;

/// <summary>
/// An auto-reset signal that remembers one wake-up: many <see cref="Set"/> calls before a wait
/// collapse into one, so a burst of notifications costs one extra claim, not a storm. Set is called
/// once per finished task, so it must be cheap: one interlocked exchange when already signalled.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _signalled;

    public void Set()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0) _semaphore.Release();
    }

    /// <summary>True when signalled, false when the timeout passed.</summary>
    /// <remarks>
    /// A Set that lands between the wake-up and the reset below is folded into this wake-up; the
    /// caller looks for work right after waking, so it sees whatever that Set announced.
    /// </remarks>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var woken = await _semaphore.WaitAsync(timeout, cancellationToken);
        Volatile.Write(ref _signalled, 0);
        return woken;
    }
}
