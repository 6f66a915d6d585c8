namespace GeoOrchestration.Engine;

/// <summary>
/// An auto-reset signal that remembers one wake-up: many <see cref="Set"/> calls before a wait
/// collapse into one, so a burst of notifications costs one extra claim, not a storm. Set is called
/// once per finished task, so it must be cheap: one interlocked exchange when already signalled.
/// Timeouts run on the worker's <see cref="TimeProvider"/>, so a test's fake clock drives them.
/// </summary>
internal sealed class WakeSignal(TimeProvider time)
{
    /// <summary>Longest single wait: a longer timeout ends early, and the caller, which loops, waits again.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

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
        var woken = _semaphore.Wait(0) || (timeout > TimeSpan.Zero && await WaitOnClockAsync(timeout, cancellationToken));
        if (woken) Volatile.Write(ref _signalled, 0);
        return woken;
    }

    private async Task<bool> WaitOnClockAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout < MaxWait ? timeout : MaxWait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        try
        {
            await _semaphore.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
