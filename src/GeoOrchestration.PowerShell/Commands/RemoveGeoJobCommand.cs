using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Output;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Deletes ended jobs from the store with their stages, tasks, events and work items, each in one
/// transaction. A job named as an argument that is queued or processing is refused with a
/// GeoConflict error naming it and its state, and nothing of it is deleted (Stop-GeoJob it first);
/// jobs from the pipeline or a wildcard pattern that have not ended are passed over with a verbose
/// line, as Stop-GeoJob passes over ended ones (<see cref="JobChangeCmdletBase"/>). Other runs of the
/// job's request stay; files the job wrote outside the store stay too. High impact: it asks unless
/// -Confirm:$false.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeoJob))]
public sealed class RemoveGeoJobCommand : JobChangeCmdletBase
{
    /// <summary>Jobs to remove: ids, unique prefixes of 8 or more characters or wildcard patterns, as strings or from the JobId of pipeline objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Output each removed job, as it was when removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ChangeJobs(JobId);

    private protected override string Action => "Remove with its stages, tasks and events";

    private protected override string Condition => "removed only once it has ended";

    private protected override bool CanChange(JobStatus status) => status.IsTerminal();

    private protected override Task<JobChangeOutcome> ChangeAsync(string jobId, CancellationToken cancellationToken) =>
        Client.RemoveJobAsync(jobId, cancellationToken);

    private protected override void Changed(JobChangeOutcome outcome)
    {
        if (outcome.Job is not { } job) return;
        WriteVerbose($"Removed job {job.JobId} with {outcome.TasksAffected} task(s), its stages and events.");
        if (PassThru) WriteObject(GeoJob.From(job));
    }
}
