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
    private readonly SemaphoreSlim _listening = new(1, 1);
    private ReceiveLoops? _loops;
    private int _disposed;
    private long _messageClaims;
    private long _databaseClaims;

    internal ServiceBusWorkTransport(ServiceBusTransportOptions options, IGeoStore store, IGeoStoreOutbox outbox, ServiceBusClient client,
        ServiceBusPlace place, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _store = store;
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

    /// <summary>Claims of what messages named, so far (tests: every claim came through Service Bus).</summary>
    internal long MessageClaims => Interlocked.Read(ref _messageClaims);

    /// <summary>Claims straight from the database while the circuit was open or nobody listened, so far.</summary>
    internal long DatabaseClaims => Interlocked.Read(ref _databaseClaims);

    /// <inheritdoc />
    /// <remarks>Several workers may listen on one transport (a client's workers share it): the receivers run while any listens.</remarks>
    /// <exception cref="Errors.GeoConfigurationException">A queue does not exist, or the identity may not send to or receive from it (one line naming it).</exception>
    public async Task<IAsyncDisposable> ListenAsync(WorkListenParams parameters, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _listening.WaitAsync(cancellationToken);
        try
        {
            if (_loops is null)
            {
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
                _loops = new ReceiveLoops(receivers, _buffer, _claim, _resilience, _place, _time, _logger);
            }
            _loops.Add(parameters.OnWork);
            return new Listening(this, parameters.OnWork);
        }
        finally
        {
            _listening.Release();
        }
    }

    /// <inheritdoc />
    public async Task<WorkClaimOutcome> ClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        var taken = _buffer.Take(parameters.Limit);
        if (taken.Count == 0)
        {
            if (_loops is null || _resilience.IsOpen)
            {
                // Service Bus is down (or nobody listens): claim from the database as the default transport does.
                Interlocked.Increment(ref _databaseClaims);
                var direct = await _store.WorkClaimAsync(parameters, cancellationToken);
                _buffer.Demand(parameters.WorkerId, parameters.Limit - direct.Count);
                return direct;
            }
            // An idle worker on this transport touches no database: it waits for a message.
            _buffer.Demand(parameters.WorkerId, parameters.Limit);
            return new WorkClaimOutcome([], null);
        }
        Interlocked.Increment(ref _messageClaims);
        var claimed = await _claim.ClaimAsync(taken, parameters, cancellationToken);
        _buffer.Demand(parameters.WorkerId, parameters.Limit - claimed.Count);
        // Stale messages took the place of work: what else is held should not wait for the next wake-up.
        if (claimed.Count < taken.Count && _buffer.Count > 0) _loops?.Wake();
        return claimed;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Attempts sent long ago and never claimed are sent again only for a queue that looks empty to this
    /// process's receivers (see <see cref="QueueActivity"/>); a process that does not listen re-sends none.
    /// </remarks>
    public Task SweepAsync(CancellationToken cancellationToken) =>
        _relay.SweepAsync(_options.SweepGrace, _options.StrandedAfter, queue => _loops?.LooksEmpty(queue) == true, cancellationToken);

    /// <summary>Sends what is undispatched now (the relay's pass on a commit), for tests and benchmarks.</summary>
    internal void Relay() => _relay.Signal();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _committed.Dispose();
        await StopReceivingAsync(force: true);
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
        _loops?.Wake();
    }

    private void Closed()
    {
        _logger.LogInformation("Service Bus answers again ({Place}); sending the work that waited", _place.Namespace);
        _relay.Signal();
    }

    /// <summary>Stops the receivers when the last listener left (or always, when the transport is disposed).</summary>
    private async Task StopReceivingAsync(bool force, Action? onWork = null)
    {
        await _listening.WaitAsync();
        try
        {
            if (_loops is not { } loops) return;
            var left = onWork is null ? loops.Listeners : loops.Remove(onWork);
            if (left > 0 && !force) return;
            _loops = null;
            await loops.DisposeAsync();
        }
        finally
        {
            _listening.Release();
        }
    }

    /// <summary>One worker's listening; disposing it removes the worker's wake-up, and the last one stops the receivers.</summary>
    private sealed class Listening(ServiceBusWorkTransport transport, Action onWork) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) await transport.StopReceivingAsync(force: false, onWork);
        }
    }
}
