using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Waits until jobs end, with a progress bar per job (stage x of y, tasks done of total), and
/// outputs each job as it ends. Warns once when no worker seems to be running.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "GeoJob")]
[OutputType(typeof(GeoJob))]
public sealed class WaitGeoJobCommand : GeoCmdlet
{
    private readonly List<string> _jobIds = [];

    /// <summary>
    /// Jobs to wait for: ids, unique prefixes of 8 or more characters or wildcard patterns (every
    /// matching job); strings from the pipeline bind as ids, jobs (any object with a JobId) by their JobId.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Give up after this many seconds: a non-terminating error per job still running, with the job as target. Default: wait until all end.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double? Timeout { get; set; }

    // Collected first: the jobs are waited on together, so one slow job does not hold up the others' output.
    protected override void ProcessRecord() => _jobIds.AddRange(JobId);

    protected override void EndProcessing()
    {
        if (_jobIds.Count == 0) return;
        // Each id is checked on its own, so one bad id is one error and the others are still waited on.
        var resolved = new List<string>();
        foreach (var id in _jobIds.Distinct(StringComparer.OrdinalIgnoreCase))
            ForItem(id, () => resolved.AddRange(JobIdInput.IsPattern(id)
                ? Run(token => JobIdInput.ListMatchingAsync(Client, id, token)).Select(j => j.JobId)
                : [Run(token => Client.ResolveJobIdAsync(id, token))]));
        resolved = resolved.Distinct().ToList();
        if (resolved.Count == 0) return;
        var reporter = new WaitReporter(this);
        ForItem(null, () => Run((queue, token) => Client.WaitForJobsAsync(resolved, new JobWaitOptions { Timeout = Seconds.From(Timeout) },
            e => queue.Post(() => reporter.Handle(e)), token)));
    }
}
