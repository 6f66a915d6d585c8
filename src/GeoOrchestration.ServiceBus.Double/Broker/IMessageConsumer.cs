namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// A receiver attached to a queue (an AMQP sending link on our side). The queue locks messages for it while it
/// has credit and hands them over outside its lock.
/// </summary>
internal interface IMessageConsumer
{
    /// <summary>Takes one unit of credit; false when there is none. Called under the queue's lock.</summary>
    bool TryTakeCredit();

    /// <summary>Sends the locked message. Called outside the queue's lock.</summary>
    void Deliver(MessageDelivery delivery);
}
