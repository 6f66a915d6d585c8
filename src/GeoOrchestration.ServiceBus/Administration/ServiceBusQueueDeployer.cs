using System.Xml;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>Creates the transport's two queues, or checks and updates their settings, with the administration client.</summary>
public static class ServiceBusQueueDeployer
{
    /// <summary>
    /// Creates missing queues (<see cref="ServiceBusTransportOptions.ControlQueue"/>, <see cref="ServiceBusTransportOptions.TaskQueue"/>)
    /// and brings the settings of existing ones to <paramref name="deploy"/>; with <see cref="QueueDeployOptions.WhatIf"/> only says what
    /// would change. Settings compared: LockDuration, MaxDeliveryCount, RequiresDuplicateDetection (on),
    /// DuplicateDetectionHistoryTimeWindow, DeadLetteringOnMessageExpiration, RequiresSession (off), EnablePartitioning (off);
    /// others are left as they are.
    /// </summary>
    /// <returns>One row per queue and setting, in queue order (control, tasks).</returns>
    /// <exception cref="GeoValidationException">A setting in <paramref name="deploy"/> is outside the service's range, a queue name breaks the service's rule, or the two queues have one name.</exception>
    /// <exception cref="GeoConfigurationException">
    /// No namespace or connection; the namespace refused the identity (the message names both, never a secret); or an existing
    /// queue differs in a setting fixed at creation (duplicate detection off, sessions or partitioning on): it names the queue
    /// and the setting, and nothing is changed.
    /// </exception>
    /// <exception cref="GeoTransportUnavailableException">The namespace could not be reached, or stayed busy, after retries.</exception>
    public static async Task<QueueDeployResult> DeployAsync(ServiceBusTransportOptions options, QueueDeployOptions deploy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deploy);
        var connection = AdministrationConnection.From(options, deploy.AdministrationConnectionString);
        Validate(options, deploy);
        var client = connection.AdministrationClient();
        var changes = new List<QueueChange>();
        string? queue = null;
        try
        {
            // Read both before changing either, so a fixed setting that differs on the second queue changes nothing on the first.
            var current = new List<(string Name, QueueProperties? Properties)>();
            foreach (var name in new[] { options.ControlQueue, options.TaskQueue })
            {
                queue = name;
                current.Add((name, await GetOrNullAsync(client, name, cancellationToken).ConfigureAwait(false)));
            }
            foreach (var (name, properties) in current)
            {
                if (properties is not null)
                    QueueSettingsPlan.ThrowIfFixedSettingDiffers(name, properties);
            }
            foreach (var (name, properties) in current)
            {
                queue = name;
                changes.AddRange(await ApplyAsync(client, name, properties, deploy, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is not GeoException && AdministrationErrors.Classify(ex, connection.Place, queue) is { } geo)
        {
            throw geo;
        }
        return new QueueDeployResult(changes);
    }

    private static async Task<IReadOnlyList<QueueChange>> ApplyAsync(ServiceBusAdministrationClient client, string name, QueueProperties? properties,
        QueueDeployOptions deploy, CancellationToken cancellationToken)
    {
        if (properties is null)
        {
            var created = QueueSettingsPlan.ForCreate(name, deploy);
            if (deploy.WhatIf)
                return created;
            try
            {
                await client.CreateQueueAsync(QueueSettingsPlan.CreateOptions(name, deploy), cancellationToken).ConfigureAwait(false);
                return created;
            }
            catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
            {
                // Another deploy created it since it was read: check it like one that was there.
                properties = (await client.GetQueueAsync(name, cancellationToken).ConfigureAwait(false)).Value;
                QueueSettingsPlan.ThrowIfFixedSettingDiffers(name, properties);
            }
        }

        var changes = QueueSettingsPlan.ForUpdate(name, properties, deploy);
        if (!deploy.WhatIf && changes.Any(c => c.Action == QueueChangeAction.Update))
        {
            QueueSettingsPlan.Apply(properties, deploy);
            await client.UpdateQueueAsync(properties, cancellationToken).ConfigureAwait(false);
        }
        return changes;
    }

    private static async Task<QueueProperties?> GetOrNullAsync(ServiceBusAdministrationClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetQueueAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            return null;
        }
    }

    private static void Validate(ServiceBusTransportOptions options, QueueDeployOptions deploy)
    {
        var errors = new List<ValidationError>();
        if (deploy.LockDuration < TimeSpan.FromSeconds(5) || deploy.LockDuration > TimeSpan.FromMinutes(5))
            errors.Add(new("LockDuration", "range", $"LockDuration {XmlConvert.ToString(deploy.LockDuration)} is outside 5 seconds to 5 minutes."));
        if (deploy.MaxDeliveryCount < 1)
            errors.Add(new("MaxDeliveryCount", "minimum", $"MaxDeliveryCount {deploy.MaxDeliveryCount} is below 1."));
        if (deploy.DuplicateDetectionWindow < TimeSpan.FromSeconds(20) || deploy.DuplicateDetectionWindow > TimeSpan.FromDays(7))
            errors.Add(new("DuplicateDetectionWindow", "range", $"DuplicateDetectionWindow {XmlConvert.ToString(deploy.DuplicateDetectionWindow)} is outside 20 seconds to 7 days."));
        foreach (var (field, name) in new[] { ("control_queue", options.ControlQueue), ("task_queue", options.TaskQueue) })
        {
            // The service's entity path rule (the SDK checks it too, with an ArgumentException that names no field).
            if (name.Length > 260 || name.StartsWith('/') || name.EndsWith('/') || name.IndexOfAny(['@', '?', '#', '*', '%', '\\', ' ', '$']) >= 0)
                errors.Add(new(field, "name", $"'{field}' '{name}' is not a queue name: at most 260 characters, no leading or trailing '/', none of @ ? # * % \\ $ or spaces."));
        }
        if (errors.Count > 0)
            throw new GeoValidationException(errors);
    }
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
