namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// The queue settings the transport wants, and how a deploy runs. The defaults suit the transport's design (the
/// message wakes, the database decides): a worker claims the attempt in the database and completes the message at
/// once, so the lock only has to cover receive-to-claim, and the database, not Service Bus, is the record of work.
/// </summary>
public sealed record QueueDeployOptions
{
    /// <summary>Report what would change; change nothing (a setting fixed at creation that differs is still an error).</summary>
    public bool WhatIf { get; init; }

    /// <summary>
    /// How long a receive holds a message. Default 60 s (the service's default). The lock covers only the claim
    /// (the handler runs under the database lease), and it is also how long a message waits for redelivery after a
    /// worker died holding it, so longer buys nothing and delays recovery. 5 s to 5 min.
    /// </summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Deliveries before the service dead-letters a message. Default 10 (the service's default): a message that
    /// ten workers received and none completed points at a fault worth seeing in the dead-letter queue, and nothing
    /// is lost by it (the database still holds the attempt; the sweeper and the fallback claim it). At least 1.
    /// </summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>
    /// How long the service remembers a message id to drop a re-send of the same attempt. Default 10 min (the
    /// service's default; the SDK's own is 1 min): comfortably longer than the sweeper's re-send delay and a
    /// worker's crash-and-restart between send and mark, while a retry is a new turn with a new id and always
    /// gets through. Longer windows cost the service throughput. 20 s to 7 days.
    /// </summary>
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether expired messages go to the dead-letter queue, where they are visible, rather than vanish. Default true.</summary>
    public bool DeadLetteringOnMessageExpiration { get; init; } = true;

    /// <summary>
    /// The administration endpoint's connection string when it is not the transport's
    /// (<see cref="ServiceBusTransportOptions.ConnectionString"/>): the development emulator and the Service Bus double
    /// serve administration on a port of their own. Null (the default) uses the transport's. A secret: never logged.
    /// </summary>
    public string? AdministrationConnectionString { get; init; }
}
