using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Retries jobs that ended failed, cancelled or completed_with_errors: what failed or was cancelled
/// runs again with fresh attempts and what completed keeps its result; after tolerated failures
/// (completed_with_errors) the earliest stage with failures is re-opened, the stages after it are
/// planned again from the new results and the job is finalized again. The job timeout runs again
/// from now; <c>-TaskTimeout</c> and <c>-JobTimeout</c> replace the job's. Any other status is a
/// GeoConflict error.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoJob))]
public sealed class RestartGeoJobCommand : GeoCmdlet
{
    /// <summary>Jobs to retry: ids or unique prefixes of 8 or more characters; jobs from the pipeline bind by their JobId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    // Not from the pipeline, as for Submit-GeoJob: a GeoJob piped in carries its own timeouts as TimeSpans.
    /// <summary>Seconds one task attempt may run from now on, replacing the job's task timeout (default: keep it).</summary>
    [Parameter]
    public double? TaskTimeout { get; set; }

    /// <summary>Seconds the job may take from the retry on, replacing its job timeout (default: keep it, counted again from now).</summary>
    [Parameter]
    public double? JobTimeout { get; set; }

    /// <summary>Output each retried job.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var options = Options();
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                // Checked before anything else, as Submit-GeoJob checks its timeouts (-WhatIf too): a
                // GeoValidation error naming the parameter, and nothing changed.
                options.Validate();
                if (!ShouldProcess($"job {id}", "Retry")) return;
                var outcome = Run(token => Client.RetryJobAsync(id, options, token));
                WriteVerbose(Summary(outcome));
                if (PassThru && outcome.Job is not null) WriteObject(GeoJob.From(Run(token => Client.GetJobProgressAsync(outcome.Job, token))));
            });
        }
    }

    private RetryOptions Options() => new() { TaskTimeout = Seconds.From(TaskTimeout), JobTimeout = Seconds.From(JobTimeout) };

    private static string Summary(Store.JobChangeOutcome outcome)
    {
        var job = outcome.Job!;
        var id = job.JobId[..16];
        if (outcome.ReopenedStage is not { } stage) return $"Job {id}: {outcome.TasksAffected} task(s) queued again.";
        var later = stage < job.TotalStages
            ? $"; stages {stage + 1} to {job.TotalStages} will be planned again from the new results ({outcome.TasksRemoved} earlier task(s) removed)"
            : "";
        return $"Job {id}: retrying from stage {stage}, its {outcome.TasksAffected} failed task(s) queued again{later}; then the job is finalized again.";
    }
}
