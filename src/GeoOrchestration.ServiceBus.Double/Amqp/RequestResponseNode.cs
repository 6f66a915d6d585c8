using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// A request/response node ($cbs, an entity's $management): the client attaches a sending link to the node's address
/// (our receiving link, requests arrive there) and a receiving link whose target is its reply-to address (our sending
/// link, responses go there, correlated by the request's message-id).
/// </summary>
internal abstract class RequestResponseNode
{
    /// <summary>Wires a link attached to this node.</summary>
    public void Attach(AmqpLink link)
    {
        var connection = ConnectionState.Of(link.Session.Connection);
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(m => _ = OnRequestAsync(requests, connection, m));
            requests.SetTotalLinkCredit(100u, true, true);
        }
        else if (link is SendingAmqpLink replies && ReplyAddress(replies) is { } address)
        {
            connection.ReplyLinks[address] = replies;
            replies.SafeAddClosed((_, _) => connection.ReplyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(address, replies)));
        }
    }

    /// <summary>Answers one request; the response's correlation-id is set by the caller.</summary>
    protected abstract Task<AmqpMessage> HandleAsync(AmqpMessage request, AmqpLink requestLink);

    private static string? ReplyAddress(SendingAmqpLink link) => (link.Settings.Target as Target)?.Address?.ToString();

    private async Task OnRequestAsync(ReceivingAmqpLink link, ConnectionState connection, AmqpMessage request)
    {
        try
        {
            var replyTo = request.Properties?.ReplyTo?.ToString();
            var messageId = request.Properties?.MessageId;
            var response = await HandleAsync(request, link).ConfigureAwait(false);
            link.AcceptMessage(request, false);
            if (replyTo is null || !connection.ReplyLinks.TryGetValue(replyTo, out var replies))
            {
                return;
            }

            response.Properties.CorrelationId = messageId;
            response.Settled = true;
            replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
        }
        catch (Exception e) when (e is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection went away while we answered: the client retries on a new one.
        }
    }

    /// <summary>A response with the status code and description (under the names <paramref name="statusCodeKey"/> and <paramref name="descriptionKey"/>).</summary>
    protected static AmqpMessage Response(int status, string description, string statusCodeKey, string descriptionKey, AmqpMessage? body = null)
    {
        var response = body ?? AmqpMessage.Create();
        response.ApplicationProperties.Map[statusCodeKey] = status;
        response.ApplicationProperties.Map[descriptionKey] = description;
        return response;
    }
}
