namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>Conveniences for tests and tools.</summary>
public static class QueueCatalogExtensions
{
    /// <summary>Creates a queue with the given settings (the service's defaults when null).</summary>
    /// <exception cref="InvalidOperationException">The queue exists.</exception>
    public static void CreateQueue(this IQueueCatalog catalog, string name, QueueSettings? settings = null)
    {
        if (!catalog.TryCreate(name, settings ?? new QueueSettings()))
        {
            throw new InvalidOperationException($"Queue '{name}' exists already.");
        }
    }
}
