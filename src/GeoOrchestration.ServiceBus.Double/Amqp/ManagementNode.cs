using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>An entity's $management node.</summary>
internal sealed class ManagementNode : RequestResponseNode
{
    private readonly AmqpHostContext _context;
    private readonly BrokerQueue _queue;

    public ManagementNode(AmqpHostContext context, BrokerQueue queue)
    {
        _context = context;
        _queue = queue;
    }

    protected override Task<AmqpMessage> HandleAsync(AmqpMessage request, AmqpLink requestLink) =>
        Task.FromResult(Response(501, "Not implemented yet.", "statusCode", "statusDescription"));
}
