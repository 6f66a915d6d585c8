using System.Management.Automation;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Commands;

/// <summary>Gets a job's tasks in stage and plan order, all of them, with attempts, progress and last error.</summary>
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

    /// <summary>Only tasks in these statuses.</summary>
    [Parameter]
    [ValidateSet("pending", "queued", "processing", "completed", "failed", "cancelled")]
    public string[]? Status { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in JobId)
        {
            ForItem(id, () => Run(async (queue, token) =>
            {
                await foreach (var task in Client.EnumerateTasksAsync(id, Stage, token))
                {
                    var output = GeoTask.From(task);
                    if (Status is null || Status.Contains(output.Status, StringComparer.OrdinalIgnoreCase))
                        queue.Post(() => WriteObject(output));
                }
                return true;
            }));
        }
    }
}
