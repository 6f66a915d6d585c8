using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>What the AMQP side shares: the queues, the faults, the options and the token rules.</summary>
internal sealed class AmqpHostContext
{
    public AmqpHostContext(QueueCatalog catalog, DoubleFaults faults, ServiceBusDoubleOptions options)
    {
        Catalog = catalog;
        Faults = faults;
        Options = options;
        Tokens = new TokenValidator(options, catalog.Time);
    }

    public QueueCatalog Catalog { get; }

    public DoubleFaults Faults { get; }

    public ServiceBusDoubleOptions Options { get; }

    public TokenValidator Tokens { get; }

    public DateTimeOffset Now => Catalog.Time.GetUtcNow();
}
