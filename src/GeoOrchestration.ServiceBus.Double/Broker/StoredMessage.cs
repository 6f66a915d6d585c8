namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// One message as the broker holds it: the encoded AMQP message exactly as the sender sent it
/// (re-decoded for every delivery, so deliveries never share mutable sections), plus the broker's own state.
/// Guarded by the owning <see cref="BrokerQueue"/>'s lock.
/// </summary>
internal sealed class StoredMessage
{
    public StoredMessage(byte[] payload, string? messageId, TimeSpan? timeToLive, DateTimeOffset? scheduledEnqueueTime)
    {
        Payload = payload;
        MessageId = messageId;
        TimeToLive = timeToLive;
        ScheduledEnqueueTime = scheduledEnqueueTime;
    }

    /// <summary>The encoded message (all sections) as received.</summary>
    public byte[] Payload { get; }

    public string? MessageId { get; }

    /// <summary>The sender's time to live (header ttl); null when it set none.</summary>
    public TimeSpan? TimeToLive { get; }

    public DateTimeOffset? ScheduledEnqueueTime { get; set; }

    public long SequenceNumber { get; set; }

    public DateTimeOffset EnqueuedTime { get; set; }

    /// <summary>When the message expires (enqueued time + the effective TTL); never for dead-lettered ones.</summary>
    public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>Deliveries so far (the service's DeliveryCount: 1 on the first delivery).</summary>
    public int DeliveryCount { get; set; }

    /// <summary>The current lock; null when the message is not locked.</summary>
    public Guid? LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }

    /// <summary>Deferred: only receivable by sequence number (not implemented beyond staying out of the way).</summary>
    public bool Deferred { get; set; }

    /// <summary>Application properties a settlement (abandon, dead-letter) asked to add or replace.</summary>
    public Dictionary<string, object> PropertiesToModify { get; } = new(StringComparer.Ordinal);

    public string? DeadLetterSource { get; set; }

    /// <summary>Waiting for its scheduled enqueue time (not yet active).</summary>
    public bool IsScheduled { get; set; }

    /// <summary>The service's message state: 0 active, 1 deferred, 2 scheduled (<c>x-opt-message-state</c>).</summary>
    public int State => IsScheduled ? 2 : Deferred ? 1 : 0;
}
