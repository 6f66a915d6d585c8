using System.Management.Automation;
using GeoOrchestration.Completion;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Gets jobs: by id (a whole id, a unique prefix of 8 or more characters, or a wildcard pattern),
/// or all jobs newest first, filtered by status, type, age and request (its runs). Nothing is cut off unless
/// <c>-First</c> says so.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoJob", DefaultParameterSetName = ListSet)]
[OutputType(typeof(GeoJob))]
public sealed class GetGeoJobCommand : GeoCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "JobId";

    /// <summary>Job ids: whole, a unique prefix of at least 8 characters, or a wildcard pattern (<c>3f2a*</c>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Only jobs in these statuses.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateSet("queued", "processing", "completed", "completed_with_errors", "failed", "cancelled")]
    public string[]? Status { get; set; }

    /// <summary>Only jobs of this type.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(JobTypeCompleter))]
    public string? JobType { get; set; }

    /// <summary>Only jobs submitted at or after this time.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DateTime? Since { get; set; }

    /// <summary>
    /// Only the runs of one request, newest first: its request id, or the id (whole or a unique
    /// prefix) of any of its runs, so <c>Get-GeoJob -RequestId 3f2a9c01</c> lists every run of the
    /// request job 3f2a9c01 belongs to.
    /// </summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? RequestId { get; set; }

    /// <summary>At most this many jobs (the newest). Default: all.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ListSet)
        {
            ForItem(RequestId, () => WriteJobs(new JobQuery
            {
                RequestId = RequestId is null ? null : Run(token => Client.ResolveRequestIdAsync(RequestId, token)),
                Statuses = Status?.Select(StatusNames.ParseJob).ToList(),
                JobType = JobType,
                CreatedSince = Since is { } since ? new DateTimeOffset(since.ToUniversalTime()) : null,
                First = First,
            }, _ => true));
            return;
        }
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                if (!WildcardPattern.ContainsWildcardCharacters(id))
                {
                    WriteObject(GeoJob.From(Run(token => Client.GetJobProgressAsync(id, token))));
                    return;
                }
                var pattern = new WildcardPattern(id, WildcardOptions.IgnoreCase);
                WriteJobs(new JobQuery(), job => pattern.IsMatch(job.JobId));
            });
        }
    }

    private void WriteJobs(JobQuery query, Func<JobRecord, bool> match)
    {
        // Jobs stream out as pages arrive; live ones get their stage progress, ended ones need none.
        Run(async (queue, token) =>
        {
            await foreach (var job in Client.EnumerateJobsAsync(query, token))
            {
                if (!match(job)) continue;
                var output = job.Status.IsTerminal()
                    ? GeoJob.From(job, stages: [])
                    : GeoJob.From(await Client.GetJobProgressAsync(job.JobId, token));
                await queue.PostOutputAsync(output, WriteObject, token);
            }
            return true;
        });
    }
}
