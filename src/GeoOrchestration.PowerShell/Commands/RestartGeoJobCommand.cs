using System.Management.Automation;
using GeoOrchestration.Completion;
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
/// GeoConflict error for a job named as an argument; jobs that come from the pipeline or match a
/// wildcard and cannot be retried (still live, or completed cleanly) are skipped with a verbose line
/// (see <see cref="JobChangeCmdletBase"/>), so <c>Get-GeoJob | Restart-GeoJob</c> retries what can be.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoJob))]
public sealed class RestartGeoJobCommand : JobChangeCmdletBase
{
    /// <summary>
    /// Jobs to retry: ids, unique prefixes of 8 or more characters or wildcard patterns; strings from
    /// the pipeline bind as ids, jobs (any object with a JobId) by their JobId.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [SupportsWildcards]
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

    protected override void ProcessRecord() => ChangeJobs(JobId);

    private protected override string Action => "Retry";

    private protected override string Condition => "retried only when it has failed, was cancelled or completed with errors";

    private protected override bool CanChange(JobStatus status) => Engine.EngineSteps.IsRetryable(status);

    // Checked before anything else, as Submit-GeoJob checks its timeouts (-WhatIf too): a
    // GeoValidation error naming the parameter, and nothing changed.
    private protected override void Check() => Options().Validate();

    private protected override Task<Store.JobChangeOutcome> ChangeAsync(string jobId, CancellationToken cancellationToken) =>
        Client.RetryJobAsync(jobId, Options(), cancellationToken);

    private protected override void Changed(Store.JobChangeOutcome outcome)
    {
        WriteVerbose(Summary(outcome));
        if (PassThru && outcome.Job is not null) WriteObject(GeoJob.From(Run(token => Client.GetJobProgressAsync(outcome.Job, token))));
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
