using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Retries failed (or cancelled) jobs: the failed and cancelled tasks of their stage run again with
/// fresh attempts, and the job timeout runs again from now. Any other status is a GeoConflict error.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoJob))]
public sealed class RestartGeoJobCommand : GeoCmdlet
{
    /// <summary>Jobs to retry: ids or unique prefixes of 8 or more characters; jobs from the pipeline bind by their JobId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Output each retried job.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                if (!ShouldProcess($"job {id}", "Retry")) return;
                var outcome = Run(token => Client.RetryJobAsync(id, token));
                if (PassThru && outcome.Job is not null) WriteObject(GeoJob.From(outcome.Job, stages: []));
            });
        }
    }
}
