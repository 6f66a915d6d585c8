using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>
/// Gets a job's tasks in stage and plan order, with attempts, progress and last error: all of them,
/// or a page (<c>-First</c>, <c>-After</c>), written as they are read, in constant memory however many.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoTask")]
[OutputType(typeof(GeoTask))]
public sealed class GetGeoTaskCommand : GeoCmdlet
{
    /// <summary>The job: its id or a unique prefix of 8 or more characters; jobs from the pipeline bind by their JobId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
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

    /// <summary>At most this many tasks of each job. Default: all.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    /// <summary>Only tasks after this one (a TaskId of the job, e.g. the last one of the previous page): the next page.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? After { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            ForItem(id, () => Run(async (queue, token) =>
            {
                var query = new TaskQuery(id)
                {
                    Stage = Stage,
                    Statuses = Status?.Select(StatusNames.ParseTask).ToList(),
                    First = First,
                    After = After,
                };
                // Read page by page and written as they come; the pipeline's pace holds the reading back.
                await foreach (var task in Client.EnumerateTasksAsync(query, token))
                    await queue.PostOutputAsync(GeoTask.From(task), WriteObject, token);
                return true;
            }));
        }
    }
}
