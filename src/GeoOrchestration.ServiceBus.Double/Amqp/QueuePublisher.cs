using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// A client's sender link to a queue (our receiving link): each transfer (one message or an SDK batch) is stored and
/// accepted, or refused with the condition the service would use (size, a deleted entity, an injected fault).
/// </summary>
internal sealed class QueuePublisher
{
    public const string ServerBusy = "com.microsoft:server-busy";
    public const string TimeoutCondition = "com.microsoft:timeout";

    private readonly AmqpHostContext _context;
    private readonly BrokerQueue _queue;
    private readonly ReceivingAmqpLink _link;

    private QueuePublisher(AmqpHostContext context, BrokerQueue queue, ReceivingAmqpLink link)
    {
        _context = context;
        _queue = queue;
        _link = link;
    }

    public static void Attach(AmqpHostContext context, BrokerQueue queue, ReceivingAmqpLink link)
    {
        var publisher = new QueuePublisher(context, queue, link);
        link.RegisterMessageListener(publisher.OnMessage);
        void OnDeleted() => link.SafeClose(new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{queue.Name}' was deleted."));
        queue.Deleted += OnDeleted;
        link.SafeAddClosed((_, _) => queue.Deleted -= OnDeleted);
    }

    private void OnMessage(AmqpMessage message)
    {
        try
        {
            var refusal = Refusal(message);
            if (refusal is not null)
            {
                _link.DisposeMessage(message, new Rejected { Error = refusal }, true, false);
                return;
            }

            foreach (var stored in MessageCodec.Unpack(message))
            {
                _queue.Enqueue(stored);
            }

            if (_context.Faults.ShouldFire(FaultKind.DropConnectionAfterSend, _queue.Name))
            {
                AmqpHost.Drop(_link.Session.Connection);
                return;
            }

            _link.AcceptMessage(message, false);
        }
        catch (Exception e) when (e is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            // The link or connection closed under us: the client never saw an outcome and will retry.
        }
        finally
        {
            message.Dispose();
        }
    }

    private Error? Refusal(AmqpMessage message)
    {
        if (_queue.IsDeleted)
        {
            return new Error { Condition = AmqpErrorCode.NotFound, Description = $"The messaging entity '{_queue.Name}' could not be found." };
        }

        if (message.SerializedMessageSize > _context.Options.MaxMessageSize)
        {
            return new Error
            {
                Condition = AmqpErrorCode.MessageSizeExceeded,
                Description = $"The message ({message.SerializedMessageSize} bytes) exceeds the limit of {_context.Options.MaxMessageSize} bytes.",
            };
        }

        if (_context.Faults.ShouldFire(FaultKind.ServerBusyOnSend, _queue.Name))
        {
            return new Error { Condition = ServerBusy, Description = "The request was terminated because the entity is being throttled. Error code : 50009. Please wait 2 seconds and try again (fault injected)." };
        }

        if (_context.Faults.ShouldFire(FaultKind.TimeoutOnSend, _queue.Name))
        {
            return new Error { Condition = TimeoutCondition, Description = "The operation did not complete within the allotted timeout (fault injected)." };
        }

        return null;
    }
}
