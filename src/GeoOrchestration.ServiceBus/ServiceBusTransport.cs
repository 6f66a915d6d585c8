using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.ServiceBus;

/// <summary>The Azure Service Bus transport: messages wake workers and name attempts; the database decides.</summary>
public static class ServiceBusTransport
{
    /// <summary>
    /// A transport over <paramref name="store"/>, which must relay its ready work (<see cref="IGeoStoreOutbox"/>:
    /// PostgreSQL). Sends what each commit made ready right after the commit, receives from the control and
    /// task queues, claims what a message names, and falls back to claiming from the database while Service Bus is unreachable.
    /// </summary>
    /// <param name="options">Where and as whom; validated here.</param>
    /// <param name="store">The store; not owned. Dispose the transport before the store: disposing it sends what was committed (up to <see cref="ServiceBusTransportOptions.FlushTimeout"/>).</param>
    /// <param name="loggers">Where the transport logs (never a secret); null for nowhere.</param>
    /// <param name="time">The clock (retry scheduling, the circuit's break); null for the system's.</param>
    /// <returns>The transport. Nothing is contacted until the first send or <see cref="IWorkTransport.ListenAsync"/>, which checks the queues and the identity.</returns>
    /// <exception cref="GeoConfigurationException">The store has no outbox (the embedded store), or the options name no namespace or connection, or both.</exception>
    /// <exception cref="GeoValidationException">An option is out of range (the message names it and the rule).</exception>
    public static IWorkTransport Create(ServiceBusTransportOptions options, IGeoStore store, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        if (store is not IGeoStoreOutbox outbox)
            throw new GeoConfigurationException("ServiceBusNeedsPostgres",
                "The Service Bus transport needs the PostgreSQL store, which relays ready work through its outbox; the embedded store has none (use the database transport with it).");
        ServiceBusTransportOptionsRules.Validate(options);
        var place = ServiceBusPlace.Of(options);
        var clientOptions = new ServiceBusClientOptions
        {
            TransportType = ServiceBusTransportType.AmqpTcp,
            RetryOptions = new ServiceBusRetryOptions
            {
                Mode = ServiceBusRetryMode.Exponential,
                MaxRetries = options.SdkMaxRetries,
                Delay = options.SdkRetryDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                TryTimeout = options.OperationTimeout,
            },
            Identifier = $"geoorch-{Environment.MachineName}-{Environment.ProcessId}",
        };
        var client = options.ConnectionString is { } connection
            ? new ServiceBusClient(connection, clientOptions)
            : new ServiceBusClient(ServiceBusTransportOptions.QualifyNamespace(options.FullyQualifiedNamespace!), options.Credential!, clientOptions);
        return new ServiceBusWorkTransport(options, store, outbox, client, place, loggers ?? NullLoggerFactory.Instance, time ?? TimeProvider.System);
    }
}
