using GeoOrchestration.Store;
using GeoOrchestration.Transport;

namespace GeoOrchestration.Core.Tests.Transport;

/// <summary>
/// A transport that counts what a worker asks of it: claims go to <paramref name="claim"/> (the
/// store's claim of a <see cref="DatabaseTransport"/>, or nothing at all), wake-ups are delivered
/// only when the test calls <see cref="Wake"/>, sweeps are counted.
/// </summary>
internal sealed class CountingTransport(Func<WorkClaimParams, CancellationToken, Task<WorkClaimOutcome>> claim) : IWorkTransport
{
    private readonly List<Action> _listeners = [];
    private int _claims;
    private int _listens;
    private int _sweeps;
    private int _disposals;

    /// <summary>A transport over the store: claims from it as the database transport does.</summary>
    public static CountingTransport Over(IGeoStore store)
    {
        var database = new DatabaseTransport(store);
        return new CountingTransport(database.ClaimAsync);
    }

    /// <summary>A message transport with nothing to deliver: every claim is empty, with no due time.</summary>
    public static CountingTransport Empty() => new((_, _) => Task.FromResult(new WorkClaimOutcome([], null)));

    public int Claims => Volatile.Read(ref _claims);
    public int Listens => Volatile.Read(ref _listens);
    public int Sweeps => Volatile.Read(ref _sweeps);
    public int Disposals => Volatile.Read(ref _disposals);

    public string Description => "counting test transport";

    public Task<IAsyncDisposable> ListenAsync(WorkListenParams parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listens);
        lock (_listeners) _listeners.Add(parameters.OnWork);
        return Task.FromResult<IAsyncDisposable>(new Listener(() => { lock (_listeners) _listeners.Remove(parameters.OnWork); }));
    }

    public Task<WorkClaimOutcome> ClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _claims);
        return claim(parameters, cancellationToken);
    }

    public Task SweepAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sweeps);
        return Task.CompletedTask;
    }

    /// <summary>Calls every listener, as a message arriving would.</summary>
    public void Wake()
    {
        Action[] listeners;
        lock (_listeners) listeners = [.. _listeners];
        foreach (var listener in listeners) listener();
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposals);
        return ValueTask.CompletedTask;
    }

    private sealed class Listener(Action stop) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            stop();
            return ValueTask.CompletedTask;
        }
    }
}
