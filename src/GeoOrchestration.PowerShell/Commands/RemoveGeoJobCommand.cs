using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
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
/// <para>By age and status (<c>-OlderThan</c>, <c>-Status</c>; retention's own removal, issue 23): the ended
/// jobs of those statuses (every ended one when -Status is not given) that ended longer ago than -OlderThan
/// (0 when not given), in the janitor's small batches. One ShouldProcess names how many jobs and tasks match,
/// so <c>-WhatIf</c> counts what would go and removes nothing. A live status is refused naming -Status.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(GeoJob), ParameterSetName = [ByIdSet])]
[OutputType(typeof(GeoPruneResult), ParameterSetName = [ByAgeSet])]
public sealed class RemoveGeoJobCommand : JobChangeCmdletBase
{
    private const string ByIdSet = "ById";
    private const string ByAgeSet = "ByAge";

    /// <summary>Jobs to remove: ids, unique prefixes of 8 or more characters or wildcard patterns, as strings or from the JobId of pipeline objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Remove ended jobs that ended longer ago than this (a TimeSpan, '30d', '12h', '7.00:00:00'); 0 or more.</summary>
    [Parameter(ParameterSetName = ByAgeSet)]
    [RetentionPeriodTransformation(false)]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>Remove only ended jobs of these statuses: completed, completed_with_errors, failed, cancelled.</summary>
    [Parameter(ParameterSetName = ByAgeSet)]
    [ArgumentCompleter(typeof(EndedStatusCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Status { get; set; }

    /// <summary>Output each removed job, as it was when removed (by id); what was removed (by age and status).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ByAgeSet:
                RemoveByAge();
                break;
            default:
                ChangeJobs(JobId);
                break;
        }
    }

    private void RemoveByAge()
    {
        try
        {
            var rules = GeoClient.PruneRulesFor(OlderThan is { } age && age < TimeSpan.Zero
                ? throw new Errors.GeoValidationException("OlderThan", "minimum", $"-OlderThan must be 0 or more (got {age}).")
                : OlderThan, Statuses());
            var count = Run(token => Client.CountPruneAsync(rules, token));
            var filter = string.Join(", ", rules.Select(r => $"{StatusNames.ToName(r.Status)} older than {DurationText.Format(r.OlderThan)}"));
            if (!ShouldProcess($"{count.Jobs} ended job(s) with {count.Tasks} task(s) ({filter})", "Remove with their stages, tasks and events")) return;
            var pass = Run(token => Client.PruneAsync(rules, token));
            WriteVerbose($"Removed {pass.Jobs} job(s) with {pass.Tasks} task(s) in {pass.Batches} batch(es), {DurationText.Format(pass.Elapsed)}.");
            if (pass.JobsSkipped > 0) WriteVerbose($"Passed over {pass.JobsSkipped} job(s) whose handlers still run; a later removal takes them.");
            if (PassThru) WriteObject(GeoPruneResult.From(pass));
        }
        catch (Errors.GeoException e)
        {
            Fail(e, null);
        }
    }

    /// <summary>The -Status names as ended statuses; a live or unknown one is refused naming -Status.</summary>
    private List<JobStatus> Statuses()
    {
        var parsed = new List<JobStatus>();
        foreach (var name in Status ?? [])
        {
            if (!StatusNames.TryParseJob(name, out var status) || !status.IsTerminal())
                throw new Errors.GeoValidationException("Status", "terminal",
                    $"-Status '{name}' is not an ended status: give completed, completed_with_errors, failed or cancelled (a live job is never removed).");
            parsed.Add(status);
        }
        return parsed;
    }

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
