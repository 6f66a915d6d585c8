using System.Text.Json;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// Everything a store answers about its contents, through its own queries: every job with its
/// tasks, stages and events, and every work item. Two snapshots are equal text exactly when
/// nothing was written in between (an update moves a job's <c>Updated</c>, an event or a work item
/// adds a row).
/// </summary>
public static class StoreSnapshot
{
    public static async Task<string> TakeAsync(IGeoStore store, CancellationToken cancellationToken = default)
    {
        var jobs = new List<object>();
        foreach (var job in (await store.JobListAsync(new JobListParams(Limit: 100_000), cancellationToken)).OrderBy(j => j.JobId, StringComparer.Ordinal))
        {
            jobs.Add(new
            {
                job,
                tasks = await store.TaskListAsync(new TaskListParams(job.JobId, Limit: 1_000_000), cancellationToken),
                stages = await store.StageListAsync(new StageListParams(job.JobId), cancellationToken),
                events = await store.JobEventListAsync(new JobEventListParams(job.JobId), cancellationToken),
            });
        }
        var work = (await store.WorkListAsync(new WorkListParams(), cancellationToken))
            .OrderBy(w => w.JobId, StringComparer.Ordinal).ThenBy(w => w.Kind).ThenBy(w => w.Stage);
        return JsonSerializer.Serialize(new { jobs, work }, new JsonSerializerOptions { WriteIndented = true });
    }
}
