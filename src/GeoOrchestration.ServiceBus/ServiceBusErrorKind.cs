namespace GeoOrchestration.ServiceBus;

/// <summary>What a Service Bus failure means for the engine (<see cref="ServiceBusErrorMap.Classify"/>).</summary>
public enum ServiceBusErrorKind
{
    /// <summary>Busy, a timeout, a dropped or refused connection, a full queue: try again later; never a job failure.</summary>
    Transient,

    /// <summary>The queue is missing or disabled, or the identity is refused or has no token: nothing helps until the setup changes.</summary>
    Configuration,

    /// <summary>The message's lock is gone (expired, or the message was settled). Harmless after a claim: the database lease governs the work.</summary>
    LockLost,

    /// <summary>Anything else (a message too large, an argument the service refused): a bug, not worth retrying.</summary>
    Permanent,
}
