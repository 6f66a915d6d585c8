using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>Reads (peeks, never removes) the dead-letter queues of the transport's two queues.</summary>
public static class DeadLetterReader
{
    /// <summary>Up to <paramref name="max"/> dead-lettered messages of each queue, oldest first.</summary>
    public static Task<IReadOnlyList<DeadLetteredMessage>> PeekAsync(ServiceBusTransportOptions options, int max, CancellationToken cancellationToken) =>
        throw new NotImplementedException("x-admin replaces this");
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
