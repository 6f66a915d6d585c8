namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>Creates the transport's two queues, or checks and updates their settings, with the administration client.</summary>
public static class ServiceBusQueueDeployer
{
    /// <summary>Creates missing queues and brings settings to <paramref name="deploy"/>; with <see cref="QueueDeployOptions.WhatIf"/> only says what would change.</summary>
    /// <exception cref="Errors.GeoConfigurationException">Unauthorized (naming the identity), or a setting that can only be set at creation differs.</exception>
    public static Task<QueueDeployResult> DeployAsync(ServiceBusTransportOptions options, QueueDeployOptions deploy, CancellationToken cancellationToken) =>
        throw new NotImplementedException("x-admin replaces this");
}

/// <summary>The queue settings the transport wants.</summary>
public sealed record QueueDeployOptions
{
    /// <summary>Report what would change; change nothing.</summary>
    public bool WhatIf { get; init; }
}

/// <param name="Changes">Per queue and setting: what is there, what is wanted, and what was (or would be) done.</param>
public sealed record QueueDeployResult(IReadOnlyList<QueueChange> Changes);

/// <param name="Queue">The queue.</param>
/// <param name="Setting">The setting (the administration API's name, e.g. <c>LockDuration</c>); <c>queue</c> for the queue itself.</param>
/// <param name="Current">What is there; null when the queue does not exist.</param>
/// <param name="Wanted">What the transport wants.</param>
/// <param name="Action">Created, updated, left as it is.</param>
public sealed record QueueChange(string Queue, string Setting, string? Current, string Wanted, QueueChangeAction Action);

/// <summary>What a deploy did (or would do) to one setting.</summary>
public enum QueueChangeAction
{
    /// <summary>Already as wanted.</summary>
    None,
    /// <summary>The queue was (would be) created.</summary>
    Create,
    /// <summary>The setting was (would be) updated.</summary>
    Update,
}
