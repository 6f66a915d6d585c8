using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>Reads (peeks, never removes) the dead-letter queues of the transport's two queues.</summary>
public static class DeadLetterReader
{
    /// <summary>
    /// Up to <paramref name="max"/> dead-lettered messages of each queue (control first, then tasks), oldest first. Peeking
    /// takes no lock and settles nothing, so the messages stay where they are for the next look (and for a tool that
    /// clears them). A dead-lettered message is never the only record of its work: the database holds every attempt.
    /// </summary>
    /// <param name="options">The transport's namespace and credential or connection string (AMQP: the messaging endpoint).</param>
    /// <param name="max">How many to read per queue, at least 1.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="GeoValidationException"><paramref name="max"/> is below 1.</exception>
    /// <exception cref="GeoConfigurationException">No namespace or connection; a queue does not exist; the identity was refused.</exception>
    /// <exception cref="GeoTransportUnavailableException">The namespace could not be reached, or stayed busy, after retries.</exception>
    public static async Task<IReadOnlyList<DeadLetteredMessage>> PeekAsync(ServiceBusTransportOptions options, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (max < 1)
            throw new GeoValidationException("max", "minimum", $"max {max} is below 1: say how many dead-lettered messages to read per queue.");
        var connection = AdministrationConnection.From(options);
        var found = new List<DeadLetteredMessage>();
        await using var client = connection.MessagingClient();
        foreach (var queue in new[] { options.ControlQueue, options.TaskQueue })
        {
            try
            {
                await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
                // A peek returns what is at hand, possibly fewer than asked: go on from the last sequence number until enough or none.
                long? from = null;
                var read = 0;
                while (read < max)
                {
                    var batch = await receiver.PeekMessagesAsync(max - read, from, cancellationToken).ConfigureAwait(false);
                    if (batch.Count == 0)
                        break;
                    foreach (var message in batch)
                        found.Add(Describe(queue, message));
                    read += batch.Count;
                    from = batch[^1].SequenceNumber + 1;
                }
            }
            catch (Exception ex) when (ex is not GeoException && ex is not OperationCanceledException
                                       && ServiceBusErrorMap.ToGeoException(ex, connection.Place, queue) is { } geo)
            {
                throw geo;
            }
        }
        return found;
    }

    private static DeadLetteredMessage Describe(string queue, ServiceBusReceivedMessage message) =>
        new(queue, message.MessageId, AttemptOf(message), message.DeadLetterReason, message.DeadLetterErrorDescription,
            message.EnqueuedTime, message.DeliveryCount);

    // The attempt the message names, when it is the transport's message (body and id agree); else null:
    // anything can be dead-lettered, and the list shows it all.
    private static WorkAttempt? AttemptOf(ServiceBusReceivedMessage message)
    {
        try
        {
            return WorkAttemptCodec.Decode(message);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <param name="Queue">The queue it was dead-lettered from.</param>
/// <param name="MessageId">Its id (the attempt's identity).</param>
/// <param name="Attempt">The attempt it named; null when its body is not one of ours.</param>
/// <param name="Reason">The dead-letter reason (e.g. <c>MaxDeliveryCountExceeded</c>).</param>
/// <param name="Description">The dead-letter description.</param>
/// <param name="EnqueuedTime">When it was first enqueued.</param>
/// <param name="DeliveryCount">Deliveries before it was dead-lettered.</param>
public sealed record DeadLetteredMessage(string Queue, string MessageId, WorkAttempt? Attempt, string? Reason, string? Description,
    DateTimeOffset EnqueuedTime, int DeliveryCount);
