using GeoOrchestration.Hosting;
using GeoOrchestration.ServiceBus;
using GeoOrchestration.ServiceBus.Administration;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// The Service Bus a benchmark measures the transport over: the namespace of <c>--servicebus-connection</c>
/// (its queues must exist: <c>geoorch servicebus deploy</c>), or else a local double started in this process
/// for the invocation, whose queues are therefore new and empty, deployed by the code and with the settings
/// of <c>geoorch servicebus deploy</c>. Disposing it stops the double; the workers must have stopped first.
/// </summary>
internal sealed class BenchServiceBus : IAsyncDisposable
{
    private readonly ServiceBusDouble? _double;
    private readonly ServiceBusTransportOptions _options;

    private BenchServiceBus(ServiceBusDouble? serviceBusDouble, ServiceBusTransportOptions options, string description)
    {
        (_double, _options, Description) = (serviceBusDouble, options, description);
    }

    /// <summary>Where the messages go, for the log line that starts the benchmark. Never the key.</summary>
    public string Description { get; }

    /// <summary>
    /// The namespace of <paramref name="connection"/> when given (checked as <c>--servicebus-connection</c> is everywhere),
    /// else a double started here with the transport's two queues deployed on it.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">Field <c>servicebus_connection</c>: not a namespace's SAS connection string (never echoed).</exception>
    public static async Task<BenchServiceBus> StartAsync(string? connection, CancellationToken cancellationToken)
    {
        if (connection is not null)
        {
            var target = ServiceBusTarget.FromConnectionString(connection);
            var given = target.ToOptions();
            return new BenchServiceBus(null, given,
                $"Azure Service Bus {target}, queues {given.ControlQueue} and {given.TaskQueue} as deployed there (messages other clients left in them are claimed as stale)");
        }
        var started = await ServiceBusDouble.StartAsync(ct: cancellationToken);
        try
        {
            var options = new ServiceBusTransportOptions { ConnectionString = started.ConnectionString };
            await ServiceBusQueueDeployer.DeployAsync(options,
                new QueueDeployOptions { AdministrationConnectionString = started.AdministrationConnectionString }, cancellationToken);
            return new BenchServiceBus(started, options,
                $"the local Service Bus double in this process (AMQP on 127.0.0.1:{started.Port}; its memory counts in the RSS of in-process workers), " +
                $"fresh queues {options.ControlQueue} and {options.TaskQueue} deployed with the settings of 'geoorch servicebus deploy'");
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>A transport over <paramref name="store"/> (PostgreSQL): the benchmark's client and in-process workers take it.</summary>
    public IWorkTransport CreateTransport(IGeoStore store) => ServiceBusTransport.Create(_options, store);

    /// <summary>How a <c>geoorch worker</c> process reaches the same queues: the connection string in <c>GEO_SERVICEBUS</c>, not on its command line.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        [TransportSettings.ServiceBusVariable] = _options.ConnectionString!,
    };

    public async ValueTask DisposeAsync()
    {
        if (_double is not null) await _double.DisposeAsync();
    }
}
