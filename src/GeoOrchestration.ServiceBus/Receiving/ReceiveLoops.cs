using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Resilience;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>
/// The receive loops of both queues, running while at least one worker listens: several workers may share
/// a transport (a client's workers), and each held message wakes them all (the first claim takes it, the
/// others find nothing and touch no database). Disposing stops the loops and gives back what nobody claimed.
/// </summary>
internal sealed class ReceiveLoops : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<WorkQueue, ServiceBusReceiver> _receivers;
    private readonly ReceivedBuffer _buffer;
    private readonly NamedClaim _claim;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Task[] _loops;
    private readonly IReadOnlyDictionary<WorkQueue, QueueActivity> _activity;
    private Action[] _wakers = [];

    public ReceiveLoops(IReadOnlyDictionary<WorkQueue, ServiceBusReceiver> receivers, ReceivedBuffer buffer, NamedClaim claim,
        ServiceBusResilience resilience, ServiceBusPlace place, TimeProvider time, ILogger logger)
    {
        _receivers = receivers;
        _buffer = buffer;
        _claim = claim;
        _activity = receivers.Keys.ToDictionary(q => q, _ => new QueueActivity());
        _loops = receivers.Select(r => Task.Run(() => new QueueReceiver(r.Value, r.Key, buffer, _activity[r.Key], resilience, place, Wake, time, logger)
            .RunAsync(_stop.Token))).ToArray();
    }

    /// <summary>Whether the queue's last receive brought nothing (see <see cref="QueueActivity"/>).</summary>
    public bool LooksEmpty(WorkQueue queue) => _activity[queue].LooksEmpty;

    /// <summary>How many workers listen.</summary>
    public int Listeners
    {
        get { lock (_gate) return _wakers.Length; }
    }

    /// <summary>Adds a worker's wake-up.</summary>
    public void Add(Action onWork)
    {
        lock (_gate) _wakers = [.. _wakers, onWork];
    }

    /// <summary>Removes a worker's wake-up; returns how many are left.</summary>
    public int Remove(Action onWork)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_wakers, onWork);
            if (index >= 0) _wakers = [.. _wakers[..index], .. _wakers[(index + 1)..]];
            return _wakers.Length;
        }
    }

    /// <summary>Wakes every listening worker.</summary>
    public void Wake()
    {
        Action[] wakers;
        lock (_gate) wakers = _wakers;
        foreach (var wake in wakers) wake();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        await Task.WhenAll(_loops).ContinueWith(static _ => { }, TaskScheduler.Default);
        _buffer.ForgetDemand();
        await _claim.AbandonAsync(_buffer.TakeAll());
        foreach (var receiver in _receivers.Values) await receiver.DisposeAsync();
    }
}
