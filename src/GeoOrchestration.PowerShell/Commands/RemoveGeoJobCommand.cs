using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Deletes ended jobs from the store with their stages, tasks, events and work items, each in one
/// transaction. A queued or processing job is refused with a GeoConflict error naming it and its
/// state, and nothing of it is deleted (Stop-GeoJob it first). Other runs of the job's request stay;
/// files the job wrote outside the store stay too. High impact: it asks unless -Confirm:$false.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeoJob))]
public sealed class RemoveGeoJobCommand : GeoCmdlet
{
    /// <summary>Jobs to remove: ids or unique prefixes of 8 or more characters, as strings or from the JobId of pipeline objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Output each removed job, as it was when removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                // Read first so the prompt names what would go; the delete itself checks the state again.
                var job = Run(token => Client.GetJobAsync(id, token));
                var target = $"job {job.JobId[..16]} ({job.JobType}, {StatusNames.ToName(job.Status)}, run {job.Run} of its request)";
                if (!ShouldProcess(target, "Remove with its stages, tasks and events")) return;
                var outcome = Run(token => Client.RemoveJobAsync(job.JobId, token));
                WriteVerbose($"Removed job {job.JobId} with {outcome.TasksAffected} task(s), its stages and events.");
                if (PassThru) WriteObject(GeoJob.From(outcome.Job ?? job));
            });
        }
    }
}
