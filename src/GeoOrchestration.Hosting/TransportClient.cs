using GeoOrchestration.Logging;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Hosting;

/// <summary>A client whose workers and submissions use a chosen transport: the one way every front end makes one.</summary>
public static class TransportClient
{
    /// <summary>
    /// A client over a newly opened store, with <paramref name="transport"/>'s transport (none for the
    /// database transport: the engine's default). The embedded store with Service Bus is refused before
    /// the store opens. Disposing the client closes the transport (sending what it still holds), then the store.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">Service Bus on the embedded store (<see cref="TransportSettings.RequireSupportedBy"/>).</exception>
    public static GeoClient CreateClient(this GeoConnection connection, JobRegistry registry, TransportSettings transport,
        ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        transport.RequireSupportedBy(connection);
        if (!transport.IsServiceBus) return connection.CreateClient(registry, loggers, time);
        var store = connection.OpenStore(time);
        try
        {
            return Make(store, registry, time, loggers, transport.CreateTransport(store, loggers, time));
        }
        catch
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// The same, for a host that takes log lines as <see cref="GeoLogLine"/>s (the PowerShell module): the
    /// engine's and the transport's lines at <paramref name="minimumLevel"/> and above go to <paramref name="log"/>.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">Service Bus on the embedded store.</exception>
    public static GeoClient CreateClient(this GeoConnection connection, JobRegistry registry, TransportSettings transport,
        Action<GeoLogLine> log, GeoLogLevel minimumLevel, TimeProvider? time = null) =>
        connection.CreateClient(registry, transport, GeoLoggers.FromCallback(log, minimumLevel), time);

    // The client owns the transport: disposing it sends what the relay still holds, then closes the store.
    private static GeoClient Make(IGeoStore store, JobRegistry registry, TimeProvider? time, ILoggerFactory? loggers, IWorkTransport? transport) =>
        new(store, registry, time, loggers, transport);
}
