namespace GeoOrchestration.ServiceBus.Double;

/// <summary>The faults a <see cref="DoubleFaults"/> rule can inject.</summary>
public enum FaultKind
{
    /// <summary>A send is refused with <c>com.microsoft:server-busy</c> (the SDK waits 10 s before its next try); nothing is stored.</summary>
    ServerBusyOnSend,

    /// <summary>A send is refused with <c>com.microsoft:timeout</c>; nothing is stored.</summary>
    TimeoutOnSend,

    /// <summary>A send is stored, then the connection is dropped before the outcome reaches the sender (it will retry: a duplicate).</summary>
    DropConnectionAfterSend,

    /// <summary>A message is delivered twice: the second copy is a new delivery with its own lock, as after a lost lock.</summary>
    DuplicateDelivery,

    /// <summary>A settlement (complete, abandon, dead-letter, defer) is answered with <c>com.microsoft:message-lock-lost</c>; the message stays locked until its lock expires.</summary>
    LockLostOnSettle,
}
