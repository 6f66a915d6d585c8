using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>A client's sender link to a queue (our receiving link).</summary>
internal static class QueuePublisher
{
    public static void Attach(AmqpHostContext context, BrokerQueue queue, ReceivingAmqpLink link) =>
        throw new AmqpException(AmqpErrorCode.NotImplemented, "Sending is not there yet.");
}
