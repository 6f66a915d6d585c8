using System.Management.Automation;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Gets a job's audit trail, oldest first: submitted, stages planned and completed, task retries with
/// their errors, tasks failed for good, lease expiries with the worker, the cancel with its reason, the
/// end. <c>-Follow</c> keeps writing new events as they are written until the job ends, then returns;
/// Ctrl+C stops it (the job goes on).
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoJobEvent")]
[OutputType(typeof(GeoJobEvent))]
public sealed class GetGeoJobEventCommand : GeoCmdlet
{
    /// <summary>The jobs: ids or unique prefixes of 8 or more characters. Strings from the pipeline bind as ids, objects with a JobId property (a job) by it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [ValidateNotNullOrEmpty]
    [Alias("Id")]
    public string[] JobId { get; set; } = [];

    /// <summary>Only events of these kinds (their snake_case names).</summary>
    [Parameter]
    [ValidateSet("submitted", "stage_planned", "stage_completed", "task_retrying", "task_failed", "lease_expired", "tasks_handed_back",
        "repaired", "cancelled", "failed", "retried", "finalized")]
    public string[]? Kind { get; set; }

    /// <summary>Only events of this stage (1-based; job-level events are left out).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Stage { get; set; }

    /// <summary>Keep writing new events until the job ends (then return); Ctrl+C stops following, the job goes on.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>With -Follow: how often to look for new events, in seconds (0.01 to 60; default 0.25).</summary>
    [Parameter]
    [ValidateRange(0.01, 60.0)]
    public double PollIntervalSeconds { get; set; } = 0.25;

    private IReadOnlyList<JobEventKind>? _kinds;

    // ValidateSet compares without case; the names are stored in lower case.
    protected override void BeginProcessing() =>
        _kinds = Kind?.Select(k => JobEventKinds.Parse(k.ToLowerInvariant())).Distinct().ToList();

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
            ForItem(id, () => Run(async (queue, token) =>
            {
                var query = new JobEventQuery(id)
                {
                    Kinds = _kinds,
                    Stage = Stage,
                    Follow = Follow,
                    PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds),
                };
                // Written as they are read: a follower's events reach the pipeline as they happen.
                await foreach (var e in Client.EnumerateJobEventsAsync(query, token))
                    await queue.PostOutputAsync(GeoJobEvent.From(e), WriteObject, token);
                return true;
            }));
    }
}
