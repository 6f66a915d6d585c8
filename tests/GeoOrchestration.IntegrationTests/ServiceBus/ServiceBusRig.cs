using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>
/// The engine over the Service Bus transport on the test PostgreSQL: a double with the two queues
/// (duplicate detection on, short locks), and clients each with a store and a transport of their own,
/// as separate processes would have: a submitter whose disposal flushes its relay, and workers.
/// </summary>
internal sealed class ServiceBusRig : IAsyncDisposable
{
    /// <summary>The duplicate-detection window of the test queues (the service's minimum).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(20);

    private readonly SchemaFixture _fixture;
    private readonly List<GeoClient> _clients = [];

    private ServiceBusRig(SchemaFixture fixture, ServiceBusDouble broker, ServiceBusTransportOptions options)
    {
        _fixture = fixture;
        Double = broker;
        Options = options;
    }

    public ServiceBusDouble Double { get; }
    public ServiceBusTransportOptions Options { get; }
    public LogLines Logs { get; } = new();

    /// <summary>The transports of the workers this rig started, for what they claimed and how.</summary>
    public List<ServiceBusWorkTransport> WorkerTransports { get; } = [];

    public static QueueSettings Queue(TimeSpan? lockDuration = null) => new()
    {
        RequiresDuplicateDetection = true,
        DuplicateDetectionHistoryTimeWindow = DuplicateWindow,
        LockDuration = lockDuration ?? TimeSpan.FromSeconds(30),
        MaxDeliveryCount = 10,
    };

    public static async Task<ServiceBusRig> StartAsync(SchemaFixture fixture, QueueSettings? settings = null, bool createQueues = true,
        Func<ServiceBusTransportOptions, ServiceBusTransportOptions>? configure = null)
    {
        var broker = await ServiceBusDouble.StartAsync();
        var options = new ServiceBusTransportOptions
        {
            ConnectionString = broker.ConnectionString,
            BreakDuration = TimeSpan.FromSeconds(2),
            SweepGrace = TimeSpan.FromSeconds(1),
            StrandedAfter = DuplicateWindow + TimeSpan.FromSeconds(5),
            FlushTimeout = TimeSpan.FromSeconds(30),
            OperationTimeout = TimeSpan.FromSeconds(5),
            SdkRetryDelay = TimeSpan.FromMilliseconds(100),
        };
        options = configure?.Invoke(options) ?? options;
        if (createQueues)
        {
            broker.Queues.TryCreate(options.ControlQueue, settings ?? Queue());
            broker.Queues.TryCreate(options.TaskQueue, settings ?? Queue());
        }
        return new ServiceBusRig(fixture, broker, options);
    }

    /// <summary>A client with a store and a transport of its own (disposing it flushes the relay, then closes the store).</summary>
    public (GeoClient Client, ServiceBusWorkTransport Transport) NewClient(ServiceBusTransportOptions? options = null)
    {
        var store = _fixture.CreateStore();
        var transport = (ServiceBusWorkTransport)ServiceBusTransport.Create(options ?? Options, store, Logs);
        var client = new GeoClient(store, _fixture.Registry, loggers: Logs, transport: transport);
        lock (_clients) _clients.Add(client);
        return (client, transport);
    }

    /// <summary>Submits as <c>geoorch submit</c> would: a client of its own, disposed at once, whose relay must send the job's first work before it closes.</summary>
    public async Task<string> SubmitAsync(string jobType, JsonObject parameters)
    {
        var (client, _) = NewClient();
        await using (client)
        {
            lock (_clients) _clients.Remove(client);
            return (await client.SubmitAsync(jobType, parameters)).Job.JobId;
        }
    }

    /// <summary>A worker with a client (store and transport) of its own, as a worker process has.</summary>
    public Worker NewWorker(int concurrency = 4, WorkerOptions? options = null)
    {
        var (client, transport) = NewClient();
        lock (WorkerTransports) WorkerTransports.Add(transport);
        // Each worker an id of its own: the registry refuses a second live worker with the first one's id.
        return client.CreateWorker(options is null ? TestWorkers.Options(concurrency) : options with { WorkerId = WorkerOptions.NewWorkerId() });
    }

    /// <summary>Runs <paramref name="workers"/> workers until the job is terminal, doing <paramref name="during"/> meanwhile; then stops them.</summary>
    public async Task<JobRecord> RunAsync(string jobId, int workers = 2, int concurrency = 4, Func<Task>? during = null,
        WorkerOptions? options = null, TimeSpan? timeout = null)
    {
        var running = Enumerable.Range(0, workers).Select(_ => new RunningWorker(NewWorker(concurrency, options))).ToList();
        try
        {
            if (during is not null) await during();
            var waiting = _fixture.Client.WaitForJobAsync(jobId, timeout ?? TimeSpan.FromMinutes(3));
            // A worker that stops (a configuration error) ends the wait with its error, not with the timeout.
            await Task.WhenAny([waiting, .. running.Select(w => w.Running)]);
            foreach (var worker in running.Where(w => w.Running.IsCompleted)) await worker.Running;
            return await waiting;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}{Environment.NewLine}Tasks: {await JobLedger.StatusesAsync(_fixture.Store, jobId)}{Environment.NewLine}Log:{Environment.NewLine}{Logs}", e);
        }
        finally
        {
            foreach (var worker in running) await worker.DisposeAsync();
        }
    }

    public long MessageClaims => WorkerTransports.Sum(t => t.MessageClaims);
    public long DatabaseClaims => WorkerTransports.Sum(t => t.DatabaseClaims);

    public async ValueTask DisposeAsync()
    {
        List<GeoClient> clients;
        lock (_clients) clients = [.. _clients];
        foreach (var client in clients) await client.DisposeAsync();
        await Double.DisposeAsync();
    }
}
