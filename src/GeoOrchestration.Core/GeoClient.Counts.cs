using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>
    /// How many jobs <paramref name="query"/> selects, leaving its <see cref="JobQuery.First"/> and
    /// <see cref="JobQuery.Skip"/> aside: the total a paged listing is a part of, counted by the store
    /// (several statuses are counted one by one and added: each is a count of an index range).
    /// </summary>
    /// <exception cref="GeoValidationException">The job type is not storable text.</exception>
    /// <param name="query">The filters (its First and Skip are ignored).</param>
    /// <param name="cancellationToken">Stops the count.</param>
    /// <returns>How many jobs the filters select.</returns>
    public async Task<long> CountJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        StorableText.Require("job_type", query.JobType);
        if (query.Statuses is not { Count: > 0 } statuses)
            return await Store.JobCountAsync(new JobCountParams(null, query.JobType, query.CreatedSince, query.RequestId), cancellationToken);
        long total = 0;
        foreach (var status in statuses.Distinct())
            total += await Store.JobCountAsync(new JobCountParams(status, query.JobType, query.CreatedSince, query.RequestId), cancellationToken);
        return total;
    }

    /// <summary>
    /// How many tasks <paramref name="query"/> selects by its job, stage and statuses, leaving its
    /// place (<see cref="TaskQuery.After"/>) and page (<see cref="TaskQuery.First"/>,
    /// <see cref="TaskQuery.Skip"/>) aside: the total a paged listing is a part of, counted by the store.
    /// </summary>
    /// <exception cref="GeoValidationException">The stage is outside 1..the job's stages, or the job id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <param name="query">The job and filters (its After, First and Skip are ignored).</param>
    /// <param name="cancellationToken">Stops the count.</param>
    /// <returns>How many of the job's tasks the filters select.</returns>
    public async Task<long> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(query.JobId, cancellationToken);
        RequireStage(job, query.Stage);
        if (query.Statuses is not { Count: > 0 } statuses)
            return await Store.TaskCountAsync(new TaskCountParams(job.JobId, query.Stage), cancellationToken);
        long total = 0;
        foreach (var status in statuses.Distinct())
            total += await Store.TaskCountAsync(new TaskCountParams(job.JobId, query.Stage, status), cancellationToken);
        return total;
    }
}
