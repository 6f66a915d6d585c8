using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus;

/// <summary>The Azure Service Bus transport: messages wake workers and name attempts; the database decides.</summary>
public static class ServiceBusTransport
{
    /// <summary>
    /// A transport over <paramref name="store"/>, which must relay its ready work (<see cref="IGeoStoreOutbox"/>:
    /// PostgreSQL). Sends what each commit made ready right after the commit, receives from the control and
    /// task queues, claims what a message names, and falls back to claiming from the database while Service Bus is unreachable.
    /// </summary>
    /// <exception cref="Errors.GeoConfigurationException">The store has no outbox (the embedded store), or the options name no namespace or connection.</exception>
    public static IWorkTransport Create(ServiceBusTransportOptions options, IGeoStore store, ILoggerFactory? loggers = null, TimeProvider? time = null) =>
        throw new NotImplementedException("x-transport replaces this");
}
