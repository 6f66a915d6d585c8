namespace GeoOrchestration.Store.Relational;

/// <summary>
/// The start and stop of a store's work listener (<see cref="IGeoStoreWakeUps.WorkListenAsync"/>), the
/// same for every store: one background loop that calls back on work, stopped and awaited when the
/// listener is disposed, after which the store releases what the loop used (its connection).
/// </summary>
public abstract class WorkListenerLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Starts <paramref name="loop"/> on the thread pool with the token that stops it. Call once, after whatever the caller's first claim must not miss is in place.</summary>
    protected void Start(Func<CancellationToken, Task> loop)
    {
        var token = _stop.Token;
        _loop = Task.Run(() => loop(token));
    }

    /// <summary>Called before the loop is stopped (stop taking in-process signals).</summary>
    protected virtual void OnStopping() { }

    /// <summary>Called once the loop has ended (release its connection).</summary>
    protected virtual ValueTask OnStoppedAsync() => ValueTask.CompletedTask;

    /// <summary>Stops the loop, waits for it, then <see cref="OnStoppedAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        OnStopping();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        await OnStoppedAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
