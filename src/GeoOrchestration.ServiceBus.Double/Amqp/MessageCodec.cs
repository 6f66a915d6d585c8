using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// Between AMQP messages and the broker's stored form: a received message (or each message of an SDK batch, the
/// batched message format whose Data sections each hold one encoded message) is kept as its encoded bytes; a
/// delivery is those bytes decoded afresh, with the broker's annotations and the delivery-count header added.
/// </summary>
internal static class MessageCodec
{
    public const string SequenceNumber = "x-opt-sequence-number";
    public const string EnqueuedTime = "x-opt-enqueued-time";
    public const string LockedUntil = "x-opt-locked-until";
    public const string ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";
    public const string DeadLetterSource = "x-opt-deadletter-source";
    public const string MessageState = "x-opt-message-state";

    /// <summary>The messages a transfer carries: one, or each of a batch.</summary>
    public static List<StoredMessage> Unpack(AmqpMessage received)
    {
        if (received.MessageFormat == AmqpConstants.AmqpBatchedMessageFormat)
        {
            return received.DataBody
                .Select(d => d.Value is ArraySegment<byte> bytes ? bytes.ToArray() : (byte[])d.Value)
                .Select(bytes => Stored(bytes, Decode(bytes)))
                .ToList();
        }

        var stream = received.ToStream();
        stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return [Stored(copy.ToArray(), received)];
    }

    private static StoredMessage Stored(byte[] payload, AmqpMessage decoded)
    {
        var messageId = decoded.Properties?.MessageId?.ToString();
        TimeSpan? ttl = decoded.Header?.Ttl is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        DateTimeOffset? scheduled = null;
        if (decoded.MessageAnnotations?.Map[ScheduledEnqueueTime] is DateTime at)
        {
            scheduled = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        }

        return new StoredMessage(payload, messageId, ttl, scheduled);
    }

    /// <summary>
    /// The message to send for a delivery (locked: the delivery-count header counts earlier deliveries, as the SDK adds
    /// one) or for a peek (the header carries the count itself, as the service does for peeked messages).
    /// </summary>
    public static AmqpMessage Encode(MessageDelivery delivery, bool peek)
    {
        var message = Decode(delivery.Payload);
        message.Header.DeliveryCount = (uint)Math.Max(0, peek ? delivery.DeliveryCount : delivery.DeliveryCount - 1);
        var annotations = message.MessageAnnotations.Map;
        annotations[SequenceNumber] = delivery.SequenceNumber;
        annotations[EnqueuedTime] = delivery.EnqueuedTime.UtcDateTime;
        if (delivery.State != 0)
        {
            annotations[MessageState] = delivery.State;
        }

        if (delivery.LockToken is not null)
        {
            annotations[LockedUntil] = delivery.LockedUntil.UtcDateTime;
        }

        if (delivery.ScheduledEnqueueTime is { } scheduled)
        {
            annotations[ScheduledEnqueueTime] = scheduled.UtcDateTime;
        }

        if (delivery.DeadLetterSource is { } source)
        {
            annotations[DeadLetterSource] = source;
        }

        if (delivery.PropertiesToModify.Count > 0)
        {
            message.ApplicationProperties ??= new ApplicationProperties();
            foreach (var (key, value) in delivery.PropertiesToModify)
            {
                message.ApplicationProperties.Map[key] = value;
            }
        }

        return message;
    }

    /// <summary>A message over encoded bytes, its sections decoded on first access and re-encoded on send.</summary>
    public static AmqpMessage Decode(byte[] payload) =>
        AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(payload)]));

    /// <summary>A delivery tag holding the lock token (the SDK reads its 16 bytes as a GUID).</summary>
    public static ArraySegment<byte> Tag(Guid lockToken) => new(lockToken.ToByteArray());

    /// <summary>The lock token a delivery tag holds; null when it is not 16 bytes.</summary>
    public static Guid? LockToken(ArraySegment<byte> tag) => tag.Count == 16 ? new Guid(tag.AsSpan()) : null;
}
