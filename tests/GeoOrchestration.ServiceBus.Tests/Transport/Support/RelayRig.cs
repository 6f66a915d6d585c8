using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;
using GeoOrchestration.ServiceBus.Relay;
using GeoOrchestration.ServiceBus.Resilience;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.ServiceBus.Tests.Transport.Support;

/// <summary>
/// The double with the transport's two queues (duplicate detection on), a real SDK client, and the
/// transport's relay pieces over a <see cref="MemoryOutbox"/>: what the relay and claim tests stand on.
/// </summary>
internal sealed class RelayRig : IAsyncDisposable
{
    public static readonly string Job = new('c', 64);

    private RelayRig(ServiceBusDouble broker, ServiceBusTransportOptions options)
    {
        Double = broker;
        Options = options;
        Outbox = new MemoryOutbox(TimeProvider.System);
        Client = new ServiceBusClient(options.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(10) },
        });
        Resilience = new ServiceBusResilience(options, TimeProvider.System, () => Interlocked.Increment(ref _opened), () => Interlocked.Increment(ref _closed));
        Senders = new Dictionary<WorkQueue, ServiceBusSender>
        {
            [WorkQueue.Control] = Client.CreateSender(options.ControlQueue),
            [WorkQueue.Tasks] = Client.CreateSender(options.TaskQueue),
        };
        Relay = new OutboxRelay(Outbox, Senders.ToDictionary(s => s.Key, s => new AttemptSender(s.Value, Resilience, TimeProvider.System)),
            Resilience, ServiceBusPlace.Of(options), TimeProvider.System, NullLogger.Instance);
    }

    private int _opened;
    private int _closed;

    public ServiceBusDouble Double { get; }
    public ServiceBusTransportOptions Options { get; }
    public MemoryOutbox Outbox { get; }
    public ServiceBusClient Client { get; }
    public ServiceBusResilience Resilience { get; }
    public IReadOnlyDictionary<WorkQueue, ServiceBusSender> Senders { get; }
    public OutboxRelay Relay { get; }
    public int Opened => Volatile.Read(ref _opened);
    public int Closed => Volatile.Read(ref _closed);

    public static async Task<RelayRig> StartAsync(QueueSettings? settings = null, Func<ServiceBusTransportOptions, ServiceBusTransportOptions>? configure = null)
    {
        var broker = await ServiceBusDouble.StartAsync();
        var options = new ServiceBusTransportOptions { ConnectionString = broker.ConnectionString, BreakDuration = TimeSpan.FromSeconds(1) };
        options = configure?.Invoke(options) ?? options;
        settings ??= new QueueSettings { RequiresDuplicateDetection = true, LockDuration = TimeSpan.FromSeconds(30) };
        broker.Queues.TryCreate(options.ControlQueue, settings);
        broker.Queues.TryCreate(options.TaskQueue, settings);
        return new RelayRig(broker, options);
    }

    public static WorkAttempt Task(int index, int turn = 1) =>
        new(WorkKind.RunTask, Job, 1, Identity.JobIdentity.TaskId(Job, 1, $"t{index}"), turn);

    public static WorkAttempt Plan(int stage, int turn = 1) => new(WorkKind.PlanStage, Job, stage, null, turn);

    public QueueCounts Counts(WorkQueue queue) => Double.Queues.Counts(queue == WorkQueue.Control ? Options.ControlQueue : Options.TaskQueue)!;

    public async ValueTask DisposeAsync()
    {
        await Relay.FlushAndStopAsync(TimeSpan.FromSeconds(5));
        await Client.DisposeAsync();
        await Double.DisposeAsync();
    }
}
