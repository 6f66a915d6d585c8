using GeoOrchestration.Registry;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Hosting;

/// <summary>A client whose workers and submissions use a chosen transport: the one way every front end makes one.</summary>
public static class TransportClient
{
    /// <summary>
    /// A client over a newly opened store, with <paramref name="transport"/>'s transport (none for the
    /// database transport: the engine's default). The embedded store with Service Bus is refused before
    /// the store opens. Disposing the client closes the store.
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
            var carrier = transport.CreateTransport(store, loggers, time);
            // The engine takes a transport once the outbox work lands (issue 19); until then a Service Bus
            // transport cannot be handed to it, and nothing may pretend it was.
            carrier?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new NotImplementedException("The engine does not take a transport yet.");
        }
        catch
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
