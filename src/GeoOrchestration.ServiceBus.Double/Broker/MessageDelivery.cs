namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// A snapshot of one locked delivery (or one peeked message), taken under the queue's lock and handed to the
/// AMQP side, which encodes it outside the lock.
/// </summary>
/// <param name="Payload">The message as the sender encoded it.</param>
/// <param name="LockToken">The lock (the AMQP delivery tag); null for a peek.</param>
/// <param name="DeliveryCount">Deliveries so far, this one included (1 on the first delivery).</param>
internal sealed record MessageDelivery(
    byte[] Payload,
    long SequenceNumber,
    DateTimeOffset EnqueuedTime,
    Guid? LockToken,
    DateTimeOffset LockedUntil,
    int DeliveryCount,
    DateTimeOffset? ScheduledEnqueueTime,
    string? DeadLetterSource,
    int State,
    IReadOnlyDictionary<string, object> PropertiesToModify)
{
    public static MessageDelivery Of(StoredMessage m) => new(
        m.Payload, m.SequenceNumber, m.EnqueuedTime, m.LockToken, m.LockedUntil, m.DeliveryCount,
        m.ScheduledEnqueueTime, m.DeadLetterSource, m.State, new Dictionary<string, object>(m.PropertiesToModify));
}
