using System.Runtime.CompilerServices;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>
    /// Every job the query selects, newest first, read page by page (<see cref="MaxListLimit"/> at a
    /// time), so nothing is cut off silently and memory stays flat however many there are.
    /// </summary>
    /// <exception cref="GeoValidationException"><see cref="JobQuery.First"/> is less than 1.</exception>
    public async IAsyncEnumerable<JobRecord> EnumerateJobsAsync(JobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query.First is < 1)
            throw new GeoValidationException("first", "minimum", $"'first' must be at least 1; got {query.First}.");
        var statuses = query.Statuses is { Count: > 0 } s ? s.Distinct().ToList() : null;
        // One status is filtered by the store (an index); several are filtered here.
        var storeStatus = statuses is { Count: 1 } ? statuses[0] : (JobStatus?)null;
        var left = query.First ?? int.MaxValue;
        JobListCursor? before = null;
        while (left > 0)
        {
            var page = await Store.JobListAsync(new JobListParams(storeStatus, query.JobType, MaxListLimit, query.CreatedSince, before), cancellationToken);
            foreach (var job in page)
            {
                if (before is not null && !IsAfter(job, before))
                    throw new ContractViolationException($"The store returned job {job.JobId} again while paging; it does not honour JobListParams.Before.");
                if (statuses is not null && !statuses.Contains(job.Status)) continue;
                yield return job;
                if (--left == 0) yield break;
            }
            if (page.Count < MaxListLimit) yield break;
            before = new JobListCursor(page[^1].Created, page[^1].JobId);
        }
    }

    private static bool IsAfter(JobRecord job, JobListCursor cursor) =>
        job.Created < cursor.Created || (job.Created == cursor.Created && string.CompareOrdinal(job.JobId, cursor.JobId) > 0);

    /// <summary>
    /// Every task of a job, or of one of its stages, in stage and plan order. Each planned stage is
    /// read whole with its own task count as the limit, so no task list is cut off.
    /// </summary>
    /// <exception cref="GeoValidationException"><paramref name="stage"/> is outside 1..the job's stages, or the job id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public async IAsyncEnumerable<TaskRecord> EnumerateTasksAsync(string jobId, int? stage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(jobId, cancellationToken);
        if (stage is { } s && (s < 1 || s > job.TotalStages))
            throw new GeoValidationException("stage", "range", $"'stage' must be between 1 and {job.TotalStages} for this job; got {s}.");
        var counts = await Store.StageTaskCountsAsync(job.JobId, cancellationToken);
        for (var number = 1; number <= counts.Count; number++)
        {
            if ((stage is not null && number != stage) || counts[number - 1] == 0) continue;
            foreach (var task in await Store.TaskListAsync(new TaskListParams(job.JobId, number, counts[number - 1]), cancellationToken))
                yield return task;
        }
    }
}
