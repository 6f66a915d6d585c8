namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>What a settlement or lock renewal found.</summary>
internal enum SettleOutcome
{
    /// <summary>Done.</summary>
    Settled,

    /// <summary>The lock token is unknown, expired or already settled (com.microsoft:message-lock-lost).</summary>
    LockLost,
}
