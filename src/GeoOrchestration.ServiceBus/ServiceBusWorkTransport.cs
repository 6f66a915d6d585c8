using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Receiving;
using GeoOrchestration.ServiceBus.Relay;
using GeoOrchestration.ServiceBus.Resilience;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus;

/// <summary>
/// The Service Bus transport (<see cref="ServiceBusTransport.Create"/>): a relay that sends what each commit
/// of the store made ready, receivers on the control and task queues that wake the worker, named claims of
/// what the messages say, and the database's own claim while the circuit is open.
/// </summary>
internal sealed class ServiceBusWorkTransport : IWorkTransport
{
    private readonly ServiceBusTransportOptions _options;
    private readonly IGeoStore _store;
    private readonly IGeoStoreOutbox _outbox;
    private readonly ServiceBusClient _client;
    private readonly ServiceBusPlace _place;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ServiceBusResilience _resilience;
    private readonly OutboxRelay _relay;
    private readonly IDisposable _committed;
    private readonly ReceivedBuffer _buffer;
    private readonly NamedClaim _claim;
    private readonly IReadOnlyDictionary<WorkQueue, string> _queues;
    private readonly IReadOnlyDictionary<WorkQueue, ServiceBusSender> _senders;
    private Listener? _listener;
    private int _disposed;

    internal ServiceBusWorkTransport(ServiceBusTransportOptions options, IGeoStore store, IGeoStoreOutbox outbox, ServiceBusClient client,
        ServiceBusPlace place, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _store = store;
        _outbox = outbox;
        _client = client;
        _place = place;
        _time = time;
        _logger = loggers.CreateLogger("GeoOrchestration.ServiceBus");
        _queues = new Dictionary<WorkQueue, string> { [WorkQueue.Control] = options.ControlQueue, [WorkQueue.Tasks] = options.TaskQueue };
        _resilience = new ServiceBusResilience(options, time, Opened, Closed);
        _senders = _queues.ToDictionary(q => q.Key, q => client.CreateSender(q.Value));
        _relay = new OutboxRelay(outbox, _senders.ToDictionary(s => s.Key, s => new AttemptSender(s.Value, _resilience, time)), _resilience, place, time, _logger);
        _buffer = new ReceivedBuffer(options.ReceiveBuffer);
        _claim = new NamedClaim(outbox, _logger);
        _committed = outbox.WorkCommittedSubscribe(_relay.Signal);
    }

    /// <inheritdoc />
    public string Description => $"Azure Service Bus ({_place.Namespace}: {_options.ControlQueue}, {_options.TaskQueue})";

    /// <summary>Whether the circuit is open (Service Bus is not relied on; claims go to the database).</summary>
    internal bool CircuitOpen => _resilience.IsOpen;

    /// <inheritdoc />
    /// <exception cref="Errors.GeoConfigurationException">A queue does not exist, or the identity may not send to or receive from it (one line naming it).</exception>
    public async Task<IAsyncDisposable> ListenAsync(WorkListenParams parameters, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_listener is not null) throw new InvalidOperationException("The Service Bus transport is already listening.");
        var receivers = _queues.ToDictionary(q => q.Key, q => _client.CreateReceiver(q.Value,
            new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock, PrefetchCount = _options.PrefetchCount }));
        try
        {
            foreach (var (queue, receiver) in receivers) await ProbeAsync(queue, receiver, cancellationToken);
        }
        catch
        {
            foreach (var receiver in receivers.Values) await receiver.DisposeAsync();
            throw;
        }
        var listener = new Listener(this, parameters.OnWork, receivers);
        _listener = listener;
        return listener;
    }

    /// <inheritdoc />
    public async Task<WorkClaimOutcome> ClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        var taken = _buffer.Take(parameters.Limit);
        if (taken.Count == 0)
        {
            if (_listener is null || _resilience.IsOpen)
            {
                // Service Bus is down (or nobody listens): claim from the database as the default transport does.
                var direct = await _store.WorkClaimAsync(parameters, cancellationToken);
                _buffer.Demand(parameters.Limit - direct.Count);
                return direct;
            }
            // An idle worker on this transport touches no database: it waits for a message.
            _buffer.Demand(parameters.Limit);
            return new WorkClaimOutcome([], null);
        }
        var claimed = await _claim.ClaimAsync(taken, parameters, cancellationToken);
        _buffer.Demand(parameters.Limit - claimed.Count);
        // Stale messages took the place of work: what else is held should not wait for the next wake-up.
        if (claimed.Count < taken.Count && _buffer.Count > 0) _listener?.Wake();
        return claimed;
    }

    /// <inheritdoc />
    public Task SweepAsync(CancellationToken cancellationToken) =>
        _relay.SweepAsync(_options.SweepGrace, _options.StrandedAfter, cancellationToken);

    /// <summary>Sends what is undispatched now (the relay's pass on a commit), for tests and benchmarks.</summary>
    internal void Relay() => _relay.Signal();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _committed.Dispose();
        if (_listener is { } listener) await listener.DisposeAsync();
        await _relay.FlushAndStopAsync(_options.FlushTimeout);
        await _client.DisposeAsync();
    }

    /// <summary>A queue missing or an identity refused is a configuration error now, not a crash loop later; an outage only a warning.</summary>
    private async Task ProbeAsync(WorkQueue which, ServiceBusReceiver receiver, CancellationToken cancellationToken)
    {
        var queue = _queues[which];
        try
        {
            // Peeking needs Listen on the queue; creating a batch opens a sender link, which needs Send.
            await _resilience.Pipeline.ExecuteAsync(async ct => await receiver.PeekMessageAsync(cancellationToken: ct), cancellationToken);
            await _resilience.Pipeline.ExecuteAsync(async ct => (await _senders[which].CreateMessageBatchAsync(ct)).Dispose(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ServiceBusErrorMap.ToGeoException(e, _place, queue);
            if (error is Errors.GeoConfigurationException) throw error;
            _logger.LogWarning("Service Bus queue '{Queue}' cannot be reached at start; claiming from the database until it answers: {Reason}", queue, error?.Message ?? e.Message);
        }
    }

    private void Opened()
    {
        _logger.LogWarning("Service Bus keeps failing ({Place}); claiming from the database for at least {Break}", _place.Namespace, _options.BreakDuration);
        _listener?.Wake();
    }

    private void Closed()
    {
        _logger.LogInformation("Service Bus answers again ({Place}); sending the work that waited", _place.Namespace);
        _relay.Signal();
    }

    /// <summary>The receive loops of both queues; disposing stops them and gives back what was not claimed.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly ServiceBusWorkTransport _transport;
        private readonly Action _onWork;
        private readonly IReadOnlyDictionary<WorkQueue, ServiceBusReceiver> _receivers;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _loops;

        public Listener(ServiceBusWorkTransport transport, Action onWork, IReadOnlyDictionary<WorkQueue, ServiceBusReceiver> receivers)
        {
            _transport = transport;
            _onWork = onWork;
            _receivers = receivers;
            _loops = receivers.Select(r => Task.Run(() => new QueueReceiver(r.Value, r.Key, transport._buffer, transport._resilience,
                transport._place, onWork, transport._time, transport._logger).RunAsync(_stop.Token))).ToArray();
        }

        public void Wake() => _onWork();

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            await Task.WhenAll(_loops).ContinueWith(static _ => { }, TaskScheduler.Default);
            await _transport._claim.AbandonAsync(_transport._buffer.TakeAll());
            foreach (var receiver in _receivers.Values) await receiver.DisposeAsync();
            _transport._listener = null;
        }
    }
}
