using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// An entity's <c>$management</c> node: the request/response operations the SDK sends for peek-lock receivers and
/// senders (renew-lock, schedule-message, cancel-scheduled-message, peek-message, update-disposition). Requests carry
/// the <c>operation</c> application property and an AMQP map body; responses carry <c>statusCode</c>,
/// <c>statusDescription</c>, <c>errorCondition</c> (a symbol) and a map body.
/// </summary>
internal sealed class ManagementNode : RequestResponseNode
{
    private const string Prefix = "com.microsoft:";
    private static readonly MapKey LockTokens = new("lock-tokens");
    private static readonly MapKey Expirations = new("expirations");
    private static readonly MapKey SequenceNumbers = new("sequence-numbers");
    private static readonly MapKey Messages = new("messages");
    private static readonly MapKey Message = new("message");
    private static readonly MapKey FromSequenceNumber = new("from-sequence-number");
    private static readonly MapKey MessageCount = new("message-count");
    private static readonly MapKey DispositionStatus = new("disposition-status");
    private static readonly MapKey PropertiesToModify = new("properties-to-modify");
    private static readonly MapKey DeadLetterReason = new("deadletter-reason");
    private static readonly MapKey DeadLetterDescription = new("deadletter-description");

    private readonly AmqpHostContext _context;
    private readonly BrokerQueue _queue;

    public ManagementNode(AmqpHostContext context, BrokerQueue queue)
    {
        _context = context;
        _queue = queue;
    }

    protected override Task<AmqpMessage> HandleAsync(AmqpMessage request, AmqpLink requestLink)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        if (_queue.IsDeleted)
        {
            return Task.FromResult(Error(404, AmqpErrorCode.NotFound.Value, $"The messaging entity '{_queue.Name}' could not be found."));
        }

        var response = operation switch
        {
            Prefix + "renew-lock" => RenewLock(body),
            Prefix + "schedule-message" => Schedule(body),
            Prefix + "cancel-scheduled-message" => CancelScheduled(body),
            Prefix + "peek-message" => Peek(body),
            Prefix + "update-disposition" => UpdateDisposition(body),
            _ => Error(501, "com.microsoft:not-implemented", $"The Service Bus double does not implement '{operation}'."),
        };
        return Task.FromResult(response);
    }

    private AmqpMessage RenewLock(AmqpMap body)
    {
        var expirations = new List<DateTime>();
        foreach (var token in Tokens(body))
        {
            if (_queue.RenewLock(token) is not { } lockedUntil)
            {
                return LockLost();
            }

            expirations.Add(lockedUntil.UtcDateTime);
        }

        return Ok(new AmqpMap { [Expirations] = expirations.ToArray() });
    }

    private AmqpMessage Schedule(AmqpMap body)
    {
        var sequenceNumbers = new List<long>();
        foreach (var entry in (body[Messages] as IEnumerable<object>)?.OfType<AmqpMap>() ?? [])
        {
            var bytes = entry[Message] switch
            {
                ArraySegment<byte> segment => segment.ToArray(),
                byte[] array => array,
                _ => null,
            };
            if (bytes is null)
            {
                return Error(400, "com.microsoft:argument-error", "A scheduled message entry has no 'message'.");
            }

            var stored = MessageCodec.Unpack(MessageCodec.Decode(bytes)).Single();
            // A duplicate is dropped, yet the service still answers with a number (that cancels nothing).
            sequenceNumbers.Add(_queue.Enqueue(stored) ?? _queue.ReserveSequenceNumber());
        }

        return Ok(new AmqpMap { [SequenceNumbers] = sequenceNumbers.ToArray() });
    }

    private AmqpMessage CancelScheduled(AmqpMap body)
    {
        foreach (var sequence in body[SequenceNumbers] as long[] ?? [])
        {
            _queue.CancelScheduled(sequence);
        }

        return Ok(new AmqpMap());
    }

    private AmqpMessage Peek(AmqpMap body)
    {
        var from = body[FromSequenceNumber] is long f ? f : 0;
        var count = body[MessageCount] is int c ? c : 1;
        var peeked = _queue.Peek(from, count);
        if (peeked.Count == 0)
        {
            return Error(204, "com.microsoft:message-not-found", "No messages to peek.");
        }

        var list = new List<object>();
        foreach (var delivery in peeked)
        {
            using var message = MessageCodec.Encode(delivery, peek: true);
            using var stream = new MemoryStream();
            foreach (var segment in message.GetPayload(int.MaxValue, out _))
            {
                stream.Write(segment);
            }

            list.Add(new AmqpMap { [Message] = new ArraySegment<byte>(stream.ToArray()) });
        }

        return Ok(new AmqpMap { [Messages] = list });
    }

    private AmqpMessage UpdateDisposition(AmqpMap body)
    {
        var status = body[DispositionStatus] as string;
        var properties = (body[PropertiesToModify] as AmqpMap)?.ToDictionary(p => p.Key.ToString()!, p => p.Value, StringComparer.Ordinal);
        foreach (var token in Tokens(body))
        {
            // The SDK settles here when the receive link no longer knows the delivery (a reconnect, or a first
            // settlement already refused): injected lock losses apply on this path too.
            if (_context.Faults.ShouldFire(FaultKind.LockLostOnSettle, _queue.Name))
            {
                return LockLost();
            }

            var outcome = status switch
            {
                "completed" => _queue.Complete(token),
                "abandoned" => _queue.Abandon(token, properties),
                "defered" or "deferred" => _queue.Defer(token, properties),
                "suspended" => _queue.DeadLetterMessage(token, body[DeadLetterReason] as string, body[DeadLetterDescription] as string, properties),
                _ => (SettleOutcome?)null,
            };
            if (outcome is null)
            {
                return Error(400, "com.microsoft:argument-error", $"Unknown disposition-status '{status}'.");
            }

            if (outcome == SettleOutcome.LockLost)
            {
                return LockLost();
            }
        }

        return Ok(new AmqpMap());
    }

    private static IEnumerable<Guid> Tokens(AmqpMap body) => body[LockTokens] as Guid[] ?? [];

    private static AmqpMessage LockLost() => Error(410, QueueConsumer.LockLost,
        "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");

    private static AmqpMessage Ok(AmqpMap map)
    {
        var response = AmqpMessage.Create(new AmqpValue { Value = map });
        response.ApplicationProperties.Map["statusCode"] = 200;
        response.ApplicationProperties.Map["statusDescription"] = "OK";
        return response;
    }

    private static AmqpMessage Error(int status, string condition, string description)
    {
        var response = AmqpMessage.Create(new AmqpValue { Value = new AmqpMap() });
        response.ApplicationProperties.Map["statusCode"] = status;
        response.ApplicationProperties.Map["statusDescription"] = description;
        response.ApplicationProperties.Map["errorCondition"] = new AmqpSymbol(condition);
        return response;
    }
}
