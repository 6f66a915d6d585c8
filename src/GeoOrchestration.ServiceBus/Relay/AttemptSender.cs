using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Resilience;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Relay;

/// <summary>
/// Sends outbox entries to their queue in <see cref="ServiceBusMessageBatch"/>es, each through the
/// resilience pipeline, and reports each batch once the service accepted it, so the relay marks exactly
/// what was sent. A retry's entry is scheduled for its due time: now plus how long the store's clock says
/// it still has to wait.
/// </summary>
internal sealed class AttemptSender(ServiceBusSender sender, ServiceBusResilience resilience, TimeProvider time)
{
    /// <summary>The queue's name.</summary>
    public string Queue => sender.EntityPath;

    /// <summary>Sends <paramref name="entries"/>; after each batch the service accepted, awaits <paramref name="sent"/> with its attempts.</summary>
    /// <exception cref="Exception">What the last try of a batch threw (the batches before it were sent and reported).</exception>
    public async Task SendAsync(IReadOnlyList<OutboxEntry> entries, Func<IReadOnlyList<WorkAttempt>, Task> sent, CancellationToken cancellationToken)
    {
        var next = 0;
        while (next < entries.Count)
        {
            var pipeline = resilience.Pipeline;
            using var batch = await pipeline.ExecuteAsync(async ct => await sender.CreateMessageBatchAsync(ct), cancellationToken);
            var attempts = new List<WorkAttempt>();
            var now = time.GetUtcNow();
            for (; next < entries.Count; next++)
            {
                var entry = entries[next];
                var message = WorkAttemptCodec.Encode(entry.Attempt, entry.DueIn > TimeSpan.Zero ? now + entry.DueIn : null);
                if (!batch.TryAddMessage(message))
                {
                    // A lone attempt is a few hundred bytes; a batch that takes none is a broken size limit.
                    if (batch.Count == 0) throw new InvalidOperationException($"Queue '{Queue}' takes no message of {message.Body.ToMemory().Length} bytes (batch limit {batch.MaxSizeInBytes} bytes).");
                    break;
                }
                attempts.Add(entry.Attempt);
            }
            await pipeline.ExecuteAsync(async ct => await sender.SendMessagesAsync(batch, ct), cancellationToken);
            await sent(attempts);
        }
    }
}
