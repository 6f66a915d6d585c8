using GeoOrchestration.ServiceBus.Administration;

namespace GeoOrchestration.Hosting;

/// <summary>
/// The transport's queues as every front end manages them (<c>geoorch servicebus</c>,
/// <c>Invoke-GeoSchemaDeploy -ServiceBus</c>): the administration library over a resolved namespace,
/// authenticated as the transport is (the process's credential, or the SAS key).
/// </summary>
public static class ServiceBusAdministration
{
    /// <summary>Creates the queues or brings their settings to the transport's; with <paramref name="whatIf"/> only says what would change.</summary>
    /// <param name="target">The namespace.</param>
    /// <param name="whatIf">Report what would change; change nothing.</param>
    /// <param name="administration">The administration endpoint's connection string when it is not the target's (the emulator, the local double); null for the target's.</param>
    /// <param name="cancellationToken">Stops the deploy.</param>
    /// <exception cref="Errors.GeoConfigurationException">Unauthorized (naming the identity), or a setting that can only be set at creation differs.</exception>
    /// <exception cref="Errors.GeoStoreUnavailableException">The namespace could not be reached.</exception>
    public static Task<QueueDeployResult> DeployQueuesAsync(ServiceBusTarget target, bool whatIf, ServiceBusTarget? administration, CancellationToken cancellationToken) =>
        ServiceBusQueueDeployer.DeployAsync(target.ToOptions(),
            new QueueDeployOptions { WhatIf = whatIf, AdministrationConnectionString = administration?.ConnectionString }, cancellationToken);

    /// <summary>Up to <paramref name="max"/> dead-lettered messages of each queue, oldest first; peeked, never removed.</summary>
    public static Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(ServiceBusTarget target, int max, CancellationToken cancellationToken) =>
        DeadLetterReader.PeekAsync(target.ToOptions(), max, cancellationToken);
}
