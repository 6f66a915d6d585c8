using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>
/// Where the transport conformance suite runs: the Service Bus double by default; a real namespace when
/// GEO_TEST_SERVICEBUS holds its connection string (a SAS rule with Manage rights: the fixture creates each test's
/// queue through the administration client, named <c>geo-conformance-…</c>, and deletes it afterwards).
/// Only tests that hold for the real service are written against this target. Tests that need fault injection or
/// the fake clock are not: they start a double of their own (DoubleFaultTests, DoubleClockTests) whatever is set,
/// so nothing is ever skipped (CI runs everything on the double).
/// </summary>
public sealed class ServiceBusTarget : IAsyncLifetime
{
    public const string Variable = "GEO_TEST_SERVICEBUS";

    private readonly List<string> _queues = new();
    private ServiceBusAdministrationClient? _admin;

    /// <summary>The double, when the target is the double; null against a real namespace.</summary>
    public ServiceBusDouble? Double { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public bool IsDouble => Double is not null;

    public async Task InitializeAsync()
    {
        var real = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(real))
        {
            Double = await ServiceBusDouble.StartAsync();
            ConnectionString = Double.ConnectionString;
        }
        else
        {
            ConnectionString = real;
            _admin = new ServiceBusAdministrationClient(real);
        }
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            foreach (var queue in _queues)
            {
                await _admin.DeleteQueueAsync(queue);
            }
        }

        if (Double is not null)
        {
            await Double.DisposeAsync();
        }
    }

    /// <summary>Creates a queue of its own for one test (the service's defaults where <paramref name="settings"/> is null).</summary>
    public async Task<string> CreateQueueAsync(QueueSettings? settings = null)
    {
        settings ??= new QueueSettings();
        var name = "geo-conformance-" + Guid.NewGuid().ToString("N")[..12];
        if (Double is not null)
        {
            Double.Queues.CreateQueue(name, settings);
        }
        else
        {
            await _admin!.CreateQueueAsync(new CreateQueueOptions(name)
            {
                LockDuration = settings.LockDuration,
                MaxDeliveryCount = settings.MaxDeliveryCount,
                RequiresDuplicateDetection = settings.RequiresDuplicateDetection,
                DuplicateDetectionHistoryTimeWindow = settings.DuplicateDetectionHistoryTimeWindow,
                DefaultMessageTimeToLive = settings.DefaultMessageTimeToLive,
                DeadLetteringOnMessageExpiration = settings.DeadLetteringOnMessageExpiration,
            });
            lock (_queues)
            {
                _queues.Add(name);
            }
        }

        return name;
    }

    /// <summary>A client with short retries, so a wrong answer fails a test quickly rather than after minutes.</summary>
    public ServiceBusClient CreateClient() => CreateClient(ConnectionString);

    public static ServiceBusClient CreateClient(string connectionString) => new(connectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions
        {
            MaxRetries = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(2),
            TryTimeout = TimeSpan.FromSeconds(30),
        },
    });
}
