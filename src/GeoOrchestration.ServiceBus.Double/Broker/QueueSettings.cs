namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>
/// A queue's properties as the service stores them (the administration API's <c>QueueDescription</c>),
/// with the service's defaults. Only what the double honours is here.
/// </summary>
public sealed record QueueSettings
{
    /// <summary>How long a peek-lock holds a message. Service default 60 s; 5 s to 5 min.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries before a message is dead-lettered (MaxDeliveryCountExceeded). Default 10; at least 1.</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>Whether a send whose <c>MessageId</c> was seen within the window is accepted and dropped. Set at creation only.</summary>
    public bool RequiresDuplicateDetection { get; init; }

    /// <summary>How long message ids are remembered. Service default 10 min; 20 s to 7 days.</summary>
    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A message's time to live when it sets none (and the cap on one it sets). Default 14 days here.</summary>
    public TimeSpan DefaultMessageTimeToLive { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Whether expired messages go to the dead-letter queue (else they are dropped).</summary>
    public bool DeadLetteringOnMessageExpiration { get; init; }

    /// <summary>Sessions; the double refuses to create a session queue (this project uses none).</summary>
    public bool RequiresSession { get; init; }

    /// <summary>Partitioning; the double refuses to create a partitioned queue (it refuses batched sends with duplicate detection).</summary>
    public bool EnablePartitioning { get; init; }

    /// <summary>The size cap, in megabytes. Default 1024.</summary>
    public long MaxSizeInMegabytes { get; init; } = 1024;
}
