namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// The double's queues by name (case-insensitive, as the service's entity paths): what the AMQP side
/// sends to and receives from, and what the administration HTTP side creates, reads and updates.
/// Thread-safe.
/// </summary>
public interface IQueueCatalog
{
    /// <summary>The queue's settings; null when there is no such queue.</summary>
    QueueSettings? Find(string name);

    /// <summary>Creates the queue; false (and nothing changed) when it exists.</summary>
    bool TryCreate(string name, QueueSettings settings);

    /// <summary>Replaces the settings of an existing queue (settings fixed at creation must be unchanged); false when there is no such queue.</summary>
    bool TryUpdate(string name, QueueSettings settings);

    /// <summary>Deletes the queue and its messages; false when there was none.</summary>
    bool Delete(string name);

    /// <summary>The queues' names, in name order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The queue's message counts (the administration API's runtime properties); null when there is no such queue.</summary>
    QueueCounts? Counts(string name);
}

/// <param name="Active">Available to receive now (locked ones included, as the service counts them).</param>
/// <param name="Scheduled">Waiting for their scheduled enqueue time.</param>
/// <param name="DeadLettered">In the dead-letter subqueue.</param>
public sealed record QueueCounts(long Active, long Scheduled, long DeadLettered);
