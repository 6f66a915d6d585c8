namespace GeoOrchestration.Hosting;

/// <summary>How work reaches workers (see <see cref="TransportSettings"/>).</summary>
public enum TransportKind
{
    /// <summary>Workers claim from the store, woken by its notifications (the default).</summary>
    Database,
    /// <summary>Azure Service Bus messages wake workers and name the work; PostgreSQL only.</summary>
    ServiceBus,
}
