using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// A client's receiver link on a queue or its dead-letter subqueue (our sending link). It takes messages while the
/// client gives credit (each one locked at hand-over, as the service locks prefetched messages too), sends them with
/// the lock token as the delivery tag, and turns the client's dispositions into settlements: accepted = complete,
/// modified = abandon (or defer when undeliverable-here), rejected = dead-letter, released = abandon. A settlement on
/// a lost lock is answered with <c>com.microsoft:message-lock-lost</c>. Receive-and-delete links (settled on send)
/// complete each message as it goes out.
/// </summary>
internal sealed class QueueConsumer : IMessageConsumer
{
    public const string LockLost = "com.microsoft:message-lock-lost";
    public const string DeadLetterCondition = "com.microsoft:dead-letter";

    private readonly AmqpHostContext _context;
    private readonly BrokerQueue _queue;
    private readonly SendingAmqpLink _link;
    private readonly object _sync = new();
    private uint _credit;

    private QueueConsumer(AmqpHostContext context, BrokerQueue queue, SendingAmqpLink link)
    {
        _context = context;
        _queue = queue;
        _link = link;
    }

    private bool ReceiveAndDelete => _link.Settings.SettleType == SettleMode.SettleOnSend;

    public static void Attach(AmqpHostContext context, BrokerQueue queue, SendingAmqpLink link)
    {
        var consumer = new QueueConsumer(context, queue, link);
        link.RegisterCreditListener(consumer.OnCredit);
        link.RegisterDispositionListener(consumer.OnDisposition);
        void OnDeleted() => link.SafeClose(new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{queue.Name}' was deleted."));
        queue.Deleted += OnDeleted;
        link.SafeAddClosed((_, _) =>
        {
            queue.Deleted -= OnDeleted;
            queue.RemoveConsumer(consumer);
        });
        queue.AddConsumer(consumer);
    }

    public bool TryTakeCredit()
    {
        lock (_sync)
        {
            if (_credit == 0 || _link.State != AmqpObjectState.Opened)
            {
                return false;
            }

            _credit--;
            return true;
        }
    }

    public void Deliver(MessageDelivery delivery)
    {
        var token = delivery.LockToken!.Value;
        try
        {
            var message = MessageCodec.Encode(delivery, peek: false);
            _link.SendMessageNoWait(message, MessageCodec.Tag(token), AmqpConstants.NullBinary);
        }
        catch (Exception e) when (e is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            // The link closed first: the lock expires and the message comes back with a higher delivery count.
            return;
        }

        if (ReceiveAndDelete)
        {
            _queue.Complete(token);
        }
        else if (_context.Faults.ShouldFire(FaultKind.DuplicateDelivery, _queue.Name))
        {
            // As if the lock were lost at once: the message goes out again (a second delivery, its own lock),
            // and settling this first one finds the lock lost.
            _queue.ExpireLock(token);
        }
    }

    private void OnCredit(uint credit, bool drain, ArraySegment<byte> txnId)
    {
        lock (_sync)
        {
            _credit = credit == uint.MaxValue ? uint.MaxValue : _credit + credit;
        }

        _queue.Pump();
        if (drain)
        {
            lock (_sync)
            {
                _credit = 0;
            }
        }
    }

    private void OnDisposition(Delivery delivery)
    {
        if (delivery.Settled && delivery.State is null)
        {
            return;
        }

        var token = MessageCodec.LockToken(delivery.DeliveryTag);
        var outcome = token is null ? SettleOutcome.LockLost : Settle(token.Value, delivery.State);
        if (delivery.Settled)
        {
            return; // the client settled first (fire and forget): nothing to answer
        }

        // A settled outcome echoes the client's, except that a dead-letter's Rejected goes back without its error:
        // the SDK reads a Rejected outcome carrying an error as the settlement having failed.
        DeliveryState answer = outcome == SettleOutcome.Settled
            ? delivery.State is Rejected ? new Rejected() : delivery.State
            : new Rejected { Error = new Error { Condition = LockLost, Description = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue." } };
        try
        {
            _link.DisposeDelivery(delivery, true, answer);
        }
        catch (Exception e) when (e is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            // The link closed: the client settles through $management or sees the lock lost.
        }
    }

    private SettleOutcome Settle(Guid token, DeliveryState? state)
    {
        if (_context.Faults.ShouldFire(FaultKind.LockLostOnSettle, _queue.Name))
        {
            return SettleOutcome.LockLost;
        }

        return state switch
        {
            Accepted => _queue.Complete(token),
            Modified { UndeliverableHere: true } m => _queue.Defer(token, Properties(m.MessageAnnotations)),
            Modified m => _queue.Abandon(token, Properties(m.MessageAnnotations)),
            Rejected r => DeadLetter(token, r.Error),
            Released => _queue.Abandon(token, null),
            _ => SettleOutcome.LockLost,
        };
    }

    private SettleOutcome DeadLetter(Guid token, Error? error)
    {
        var info = Properties(error?.Info);
        string? reason = null, description = null;
        if (info is not null)
        {
            reason = info.TryGetValue(BrokerQueue.DeadLetterReasonProperty, out var r) ? r as string : null;
            description = info.TryGetValue(BrokerQueue.DeadLetterDescriptionProperty, out var d) ? d as string : null;
            info.Remove(BrokerQueue.DeadLetterReasonProperty);
            info.Remove(BrokerQueue.DeadLetterDescriptionProperty);
        }

        return _queue.DeadLetterMessage(token, reason, description, info);
    }

    private static Dictionary<string, object>? Properties(Fields? fields) =>
        fields?.ToDictionary(p => p.Key.ToString()!, p => p.Value, StringComparer.Ordinal);
}
