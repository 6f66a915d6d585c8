using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Cancels queued or processing jobs: their queued tasks are cancelled at once, running handlers
/// stop at their next heartbeat. Cancelling an ended job is a GeoConflict error.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoJob))]
public sealed class StopGeoJobCommand : GeoCmdlet
{
    /// <summary>Jobs to cancel: ids or unique prefixes of 8 or more characters; jobs from the pipeline bind by their JobId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Why, recorded as the job's error. Default "Cancelled on request.".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reason { get; set; }

    /// <summary>Output each cancelled job.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                if (!ShouldProcess($"job {id}", "Cancel")) return;
                var outcome = Run(token => Client.CancelJobAsync(id, Reason, token));
                if (PassThru && outcome.Job is not null) WriteObject(GeoJob.From(Run(token => Client.GetJobProgressAsync(outcome.Job, token))));
            });
        }
    }
}
