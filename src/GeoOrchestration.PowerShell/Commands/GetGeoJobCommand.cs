using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Gets jobs: by id (a whole id, a unique prefix of 8 or more characters, or a wildcard pattern, as
/// arguments or strings from the pipeline), or all jobs newest first, filtered by status, type,
/// age and request (its runs). Nothing is cut off unless <c>-First</c> says so; <c>-Skip</c>, <c>-First</c> and
/// <c>-IncludeTotalCount</c> (SupportsPaging) page a listing in the store's query.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoJob", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(GeoJob), typeof(GeoPSJob))]
public sealed class GetGeoJobCommand : GeoCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "JobId";
    private OutputPage? _page;

    /// <summary>
    /// Job ids: whole, a unique prefix of at least 8 characters, or a wildcard pattern (<c>3f2a*</c>).
    /// Strings from the pipeline bind as ids, objects with a JobId property (a job, a task) by it.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
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

    /// <summary>
    /// Output each job as its PowerShell job (as <c>Submit-GeoJob -AsJob</c> does), which this session's <c>Get-Job</c> lists
    /// from then on: <c>Get-GeoJob -Status processing -AsJob | Wait-Job</c>.
    /// </summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ListSet)
        {
            ForItem(RequestId, () =>
            {
                var query = new JobQuery
                {
                    RequestId = RequestId is null ? null : Run(token => Client.ResolveRequestIdAsync(RequestId, token)),
                    Statuses = Status?.Select(StatusNames.ParseJob).ToList(),
                    JobType = JobType,
                    CreatedSince = Since is { } since ? new DateTimeOffset(since.ToUniversalTime()) : null,
                    First = OutputPage.FirstOf(PagingParameters),
                    Skip = OutputPage.SkipOf(PagingParameters),
                };
                // The total first, as PowerShell's own paging cmdlets write it.
                if (PagingParameters.IncludeTotalCount)
                    WriteObject(PagingParameters.NewTotalCount((ulong)Run(token => Client.CountJobsAsync(query, token)), 1.0));
                if (PagingParameters.First > 0) WriteJobs(query, _ => true);
            });
            return;
        }
        // Ids and patterns: one page across all of them, in input order; the total comes at the end.
        var page = _page ??= new OutputPage(PagingParameters);
        foreach (var id in JobId)
        {
            ForItem(id, () =>
            {
                if (!JobIdInput.IsPattern(id))
                {
                    var serviceBus = ResolvedTransport.IsServiceBus;
                    var (job, record) = Run(async token =>
                    {
                        var progress = await Client.GetJobProgressAsync(id, token);
                        var one = GeoJob.From(progress);
                        if (serviceBus) await AddUndispatchedAsync(one, token);
                        return (one, progress.Job);
                    });
                    if (!page.Take()) return;
                    WarnUndispatched(job);
                    Emit(job, record);
                    return;
                }
                var pattern = new WildcardPattern(id, WildcardOptions.IgnoreCase);
                WriteJobs(new JobQuery(), job => pattern.IsMatch(job.JobId) && page.Take(), () => page.Full && !PagingParameters.IncludeTotalCount);
            });
        }
    }

    protected override void EndProcessing()
    {
        if (_page is not null && PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount(_page.Offered, 1.0));
    }

    private void WriteJobs(JobQuery query, Func<JobRecord, bool> match, Func<bool>? done = null)
    {
        // Jobs stream out as pages arrive, each with its progress (read for a batch of jobs at a
        // time), the same figures as the single view: ended jobs too.
        var serviceBus = ResolvedTransport.IsServiceBus;
        Run(async (queue, token) =>
        {
            await foreach (var progress in Client.EnumerateJobProgressAsync(query, match, token))
            {
                if (done?.Invoke() == true) break;
                var job = GeoJob.From(progress);
                var record = progress.Job;
                // Only a live job can have work waiting to be sent: one store call each, never for ended ones.
                if (serviceBus && !job.IsTerminal) await AddUndispatchedAsync(job, token);
                await queue.PostOutputAsync(job, j =>
                {
                    WarnUndispatched(j);
                    Emit(j, record);
                }, token);
            }
            return true;
        });
    }

    /// <summary>Writes the job, or with <c>-AsJob</c> the session's PowerShell job of it.</summary>
    private void Emit(GeoJob job, JobRecord record) =>
        WriteObject(AsJob ? Jobs.SessionJobs.For(SessionId)!.Track(ResolvedConnection, record) : job);

    /// <summary>Under Service Bus: what of the job waits undispatched (<see cref="GeoJob.Undispatched"/>).</summary>
    private async Task AddUndispatchedAsync(GeoJob job, CancellationToken token)
    {
        if (await Client.GetUndispatchedAsync(job.JobId, token) is not { } backlog) return;
        job.Undispatched = backlog.Undispatched;
        job.UndispatchedFor = backlog.OldestReadyFor;
    }

    /// <summary>A warning when the job's work has waited undispatched long enough that Service Bus is likely unreachable (the words geoorch job get uses).</summary>
    private void WarnUndispatched(GeoJob job)
    {
        var backlog = new Store.OutboxBacklog(job.Undispatched ?? 0, job.UndispatchedFor);
        if (UndispatchedWork.WaitsLong(backlog)) WriteWarning($"Job {job.ShortId}: {UndispatchedWork.Describe(backlog)}.");
    }
}
