using System.Management.Automation;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Creates or upgrades the store's schema: idempotent, safe with concurrent deployers, refusing
/// drifted history. <c>-WhatIf</c> names the pending migrations and changes nothing.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GeoSchemaDeploy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeoSchemaMigration))]
public sealed class InvokeGeoSchemaDeployCommand : GeoCmdlet
{
    protected override void EndProcessing()
    {
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
