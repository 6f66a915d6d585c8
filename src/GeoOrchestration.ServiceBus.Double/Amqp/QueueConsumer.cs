using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>A client's receiver link on a queue (our sending link).</summary>
internal static class QueueConsumer
{
    public static void Attach(AmqpHostContext context, BrokerQueue queue, SendingAmqpLink link) =>
        throw new AmqpException(AmqpErrorCode.NotImplemented, "Receiving is not there yet.");
}
