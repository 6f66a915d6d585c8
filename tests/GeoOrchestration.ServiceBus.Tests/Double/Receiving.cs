using Azure.Messaging.ServiceBus;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>Receive helpers: wait generously for a condition, never assert a duration.</summary>
internal static class Receiving
{
    /// <summary>Generous: a loaded 2-core machine, or a real namespace, may take a while.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<ServiceBusReceivedMessage> OneAsync(this ServiceBusReceiver receiver) =>
        await receiver.ReceiveMessageAsync(Patience) ?? throw new TimeoutException($"No message on {receiver.EntityPath} within {Patience}.");

    /// <summary>
    /// Receives until <paramref name="count"/> messages came (each receive waits patiently), completing each batch
    /// when <paramref name="complete"/>: with prefetch the SDK gives credit back only as messages are settled, so an
    /// unsettled prefetch window stops delivery (on the real service too).
    /// </summary>
    public static async Task<List<ServiceBusReceivedMessage>> ManyAsync(this ServiceBusReceiver receiver, int count, bool complete = false)
    {
        var got = new List<ServiceBusReceivedMessage>();
        while (got.Count < count)
        {
            var batch = await receiver.ReceiveMessagesAsync(count - got.Count, Patience);
            if (batch.Count == 0)
            {
                throw new TimeoutException($"{got.Count} of {count} messages on {receiver.EntityPath} within {Patience}.");
            }

            got.AddRange(batch);
            if (complete)
            {
                foreach (var message in batch)
                {
                    await receiver.CompleteMessageAsync(message);
                }
            }
        }

        return got;
    }

    /// <summary>Peeks everything from the start (sequence number 1).</summary>
    public static async Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAllAsync(this ServiceBusReceiver receiver) =>
        await receiver.PeekMessagesAsync(1000, fromSequenceNumber: 0);

    /// <summary>Asserts a <see cref="ServiceBusException"/> with the given reason.</summary>
    public static async Task<ServiceBusException> FailsWith(ServiceBusFailureReason reason, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<ServiceBusException>(action);
        Assert.Equal(reason, e.Reason);
        return e;
    }
}
