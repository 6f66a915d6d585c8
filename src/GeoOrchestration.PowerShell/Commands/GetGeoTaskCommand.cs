using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Gets a job's tasks in stage and plan order, with attempts, progress and last error: all of them,
/// or a page (<c>-After</c> a task, <c>-Skip</c>, <c>-First</c>: SupportsPaging, each job's tasks
/// paged on their own in the store's query), written as they are read, in constant memory however many.
/// <c>-IncludeTotalCount</c> writes each job's total (by stage and status, wherever the page starts)
/// before its tasks.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoTask", SupportsPaging = true)]
[OutputType(typeof(GeoTask))]
public sealed class GetGeoTaskCommand : GeoCmdlet
{
    /// <summary>
    /// The jobs: ids, unique prefixes of 8 or more characters or wildcard patterns (every matching job,
    /// newest first). Strings from the pipeline bind as ids, objects with a JobId property (a job) by it.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Only the tasks of this stage (1-based).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Stage { get; set; }

    /// <summary>Only tasks in these statuses. One status is a seek of the store's index; several are filtered as they are read.</summary>
    [Parameter]
    [ValidateSet("pending", "queued", "processing", "completed", "failed", "cancelled")]
    public string[]? Status { get; set; }

    /// <summary>Only tasks after this one (a TaskId of the job, e.g. the last one of the previous page): the next page.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? After { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            if (!JobIdInput.IsPattern(id))
            {
                ForItem(id, () => WriteTasks(id));
                continue;
            }
            ForItem(id, () =>
            {
                foreach (var job in Run(token => JobIdInput.ListMatchingAsync(Client, id, token)))
                    ForItem(job.JobId, () => WriteTasks(job.JobId));
            });
        }
    }

    private void WriteTasks(string jobId) => Run(async (queue, token) =>
    {
        var query = new TaskQuery(jobId)
        {
            Stage = Stage,
            Statuses = Status?.Select(StatusNames.ParseTask).ToList(),
            After = After,
            First = OutputPage.FirstOf(PagingParameters),
            Skip = OutputPage.SkipOf(PagingParameters),
        };
        if (PagingParameters.IncludeTotalCount)
        {
            var total = await Client.CountTasksAsync(query, token);
            await queue.PostOutputAsync(PagingParameters.NewTotalCount((ulong)total, 1.0), WriteObject, token);
        }
        if (PagingParameters.First == 0) return true;
        // Read page by page and written as they come; the pipeline's pace holds the reading back.
        // The registry is read once per job, when the first running task needs its worker's host.
        var hosts = new WorkerHosts(Client);
        await foreach (var task in Client.EnumerateTasksAsync(query, token))
            await queue.PostOutputAsync(GeoTask.From(task, await hosts.OfAsync(task.LeaseOwner, token)), WriteObject, token);
        return true;
    });
}
