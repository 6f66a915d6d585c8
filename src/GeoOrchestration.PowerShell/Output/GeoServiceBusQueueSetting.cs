namespace GeoOrchestration.PowerShell;

/// <summary>One setting of one of the Service Bus transport's queues, as <c>Invoke-GeoSchemaDeploy -ServiceBus</c> reports it.</summary>
public sealed class GeoServiceBusQueueSetting
{
    /// <summary>The namespace's host.</summary>
    public string Namespace { get; init; } = "";

    public string Queue { get; init; } = "";

    /// <summary>The administration API's name of the setting (<c>LockDuration</c>, <c>MaxDeliveryCount</c>, ...); <c>queue</c> for the queue itself.</summary>
    public string Setting { get; init; } = "";

    /// <summary>What the namespace has; null when the queue did not exist.</summary>
    public string? Current { get; init; }

    /// <summary>What the transport wants.</summary>
    public string Wanted { get; init; } = "";

    /// <summary><c>none</c> (already as wanted), <c>create</c> (the queue was created) or <c>update</c> (the setting was changed).</summary>
    public string Action { get; init; } = "";

    public override string ToString() => $"{Queue} {Setting}";
}
