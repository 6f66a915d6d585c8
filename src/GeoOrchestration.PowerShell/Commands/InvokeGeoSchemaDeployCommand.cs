using System.Management.Automation;
using System.Net;
using System.Security;
using GeoOrchestration.Hosting;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.ServiceBus.Administration;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Creates or upgrades the store's schema: idempotent, safe with concurrent deployers, refusing
/// drifted history. <c>-WhatIf</c> names the pending migrations and changes nothing. With
/// <c>-ServiceBus</c>, creates the Service Bus transport's queues (or brings their settings to the
/// transport's) on the session's namespace instead; <c>-WhatIf</c> then names each setting that would change.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GeoSchemaDeploy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = SchemaSet)]
[OutputType(typeof(GeoSchemaMigration), ParameterSetName = [SchemaSet])]
[OutputType(typeof(GeoServiceBusQueueSetting), ParameterSetName = [ServiceBusSet])]
public sealed class InvokeGeoSchemaDeployCommand : GeoCmdlet
{
    private const string SchemaSet = "Schema";
    private const string ServiceBusSet = "ServiceBus";

    /// <summary>
    /// Deploy the Service Bus transport's queues (control and tasks: lock duration, max delivery count,
    /// duplicate detection, dead-lettering) on the namespace of <c>Connect-GeoOrchestration -ServiceBusNamespace</c>
    /// (or <c>-ServiceBusConnectionString</c>), else <c>GEO_SERVICEBUS</c>, instead of the store's schema.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ServiceBusSet)]
    public SwitchParameter ServiceBus { get; set; }

    /// <summary>
    /// The administration endpoint's connection string when it is not the namespace's (the development emulator and
    /// the local Service Bus double serve it on a port of their own): a SecureString or plain text, never shown.
    /// </summary>
    [Parameter(ParameterSetName = ServiceBusSet)]
    [SecretTextTransformation]
    [ValidateNotNull]
    public SecureString? AdministrationConnectionString { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ServiceBusSet)
        {
            DeployQueues();
            return;
        }
        var connection = ResolvedConnection;
        try
        {
            // A dry run first: what would change is what -WhatIf and -Confirm show.
            var plan = Run(token => Client.DeploySchemaAsync(dryRun: true, token));
            var pending = plan.Pending.ToList();
            if (pending.Count == 0)
            {
                WriteVerbose($"Schema {plan.Schema} is up to date.");
                WriteMigrations(plan, dryRun: false);
                return;
            }
            var names = string.Join(", ", pending.Select(m => m.Name));
            if (!ShouldProcess(connection.ToString(), $"Apply {pending.Count} migration(s): {names}")) return;
            WriteMigrations(Run(token => Client.DeploySchemaAsync(dryRun: false, token)), dryRun: false);
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            Fail(e, connection);
        }
    }

    private void DeployQueues()
    {
        ServiceBusTarget? target = null;
        try
        {
            // The session's namespace, else GEO_SERVICEBUS: one is required.
            target = TransportSettings.Resolve("servicebus", null, null, session: ResolvedConnection.TransportSettings).ServiceBus!;
            var administration = AdministrationConnectionString is null ? null
                : ServiceBusTarget.FromAdministrationConnectionString(new NetworkCredential("", AdministrationConnectionString).Password);
            WriteVerbose($"Service Bus: {target}");
            // What-if first: what would change is what -WhatIf and -Confirm show.
            var plan = RunOffline(token => ServiceBusAdministration.DeployQueuesAsync(target, whatIf: true, administration, token));
            var changes = plan.Changes.Where(c => c.Action != QueueChangeAction.None).ToList();
            if (changes.Count == 0)
            {
                WriteVerbose($"The queues on {target.Namespace} are as the transport wants them.");
                WriteSettings(plan, target);
                return;
            }
            if (!ShouldProcess(target.Namespace, $"Deploy the transport's queues: {string.Join("; ", changes.Select(Describe))}")) return;
            WriteSettings(RunOffline(token => ServiceBusAdministration.DeployQueuesAsync(target, whatIf: false, administration, token)), target);
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            Fail(e, target?.Namespace);
        }
    }

    private static string Describe(QueueChange change) => change.Action == QueueChangeAction.Create
        ? $"create {change.Queue}" + (change.Setting == "queue" ? "" : $" with {change.Setting} {change.Wanted}")
        : $"{change.Queue} {change.Setting} {change.Current ?? "(none)"} -> {change.Wanted}";

    private void WriteSettings(QueueDeployResult result, ServiceBusTarget target)
    {
        foreach (var change in result.Changes)
            WriteObject(new GeoServiceBusQueueSetting
            {
                Namespace = target.Namespace,
                Queue = change.Queue,
                Setting = change.Setting,
                Current = change.Current,
                Wanted = change.Wanted,
                Action = change.Action switch { QueueChangeAction.Create => "create", QueueChangeAction.Update => "update", _ => "none" },
            });
    }

    private void WriteMigrations(Store.SchemaDeployResult result, bool dryRun)
    {
        foreach (var step in result.Migrations)
            WriteObject(new GeoSchemaMigration
            {
                Schema = result.Schema,
                Version = step.Version,
                Name = step.Name,
                Status = step.Applied ? "present" : dryRun ? "pending" : "applied",
            });
    }
}
