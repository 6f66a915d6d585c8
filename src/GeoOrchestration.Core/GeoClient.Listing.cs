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
    /// <exception cref="GeoValidationException"><see cref="JobQuery.First"/> is less than 1 or <see cref="JobQuery.Skip"/> is negative.</exception>
    /// <param name="query">The filters and paging.</param>
    /// <param name="cancellationToken">Stops the listing between pages.</param>
    /// <returns>The jobs, newest first.</returns>
    public async IAsyncEnumerable<JobRecord> EnumerateJobsAsync(JobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequirePage(query.First, query.Skip);
        var statuses = query.Statuses is { Count: > 0 } s ? s.Distinct().ToList() : null;
        // One status is filtered by the store (an index); several are filtered here.
        var storeStatus = statuses is { Count: 1 } ? statuses[0] : (JobStatus?)null;
        var left = query.First ?? int.MaxValue;
        // Skipped by the store on the first page when it filters on its own; else here, as filtered.
        var storeSkip = statuses is { Count: > 1 } ? 0 : query.Skip;
        var skipLeft = query.Skip - storeSkip;
        JobListCursor? before = null;
        while (left > 0)
        {
            var page = await Store.JobListAsync(new JobListParams(storeStatus, query.JobType, MaxListLimit, query.CreatedSince, before, storeSkip, query.RequestId), cancellationToken);
            storeSkip = 0;
            foreach (var job in page)
            {
                if (before is not null && !IsAfter(job, before))
                    throw new ContractViolationException($"The store returned job {job.JobId} again while paging; it does not honour JobListParams.Before.");
                if (statuses is not null && !statuses.Contains(job.Status)) continue;
                if (skipLeft > 0)
                {
                    skipLeft--;
                    continue;
                }
                yield return job;
                if (--left == 0) yield break;
            }
            if (page.Count < MaxListLimit) yield break;
            before = new JobListCursor(page[^1].Created, page[^1].JobId);
        }
    }

    private static void RequirePage(int? first, int skip)
    {
        if (first is < 1)
            throw new GeoValidationException("first", "minimum", $"'first' must be at least 1; got {first}.");
        if (skip < 0)
            throw new GeoValidationException("skip", "minimum", $"'skip' must not be negative; got {skip}.");
    }

    private static void RequireStage(JobRecord job, int? stage)
    {
        if (stage is { } s && (s < 1 || s > job.TotalStages))
            throw new GeoValidationException("stage", "range", $"'stage' must be between 1 and {job.TotalStages} for this job; got {s}.");
    }

    private static bool IsAfter(JobRecord job, JobListCursor cursor) =>
        job.Created < cursor.Created || (job.Created == cursor.Created && string.CompareOrdinal(job.JobId, cursor.JobId) > 0);

    /// <summary>
    /// Ids of jobs that start with <paramref name="prefix"/> (hexadecimal, either case), at most
    /// <paramref name="limit"/>, from the store's primary key: for completing an id a user is typing.
    /// </summary>
    /// <exception cref="GeoValidationException">The prefix is not hexadecimal or longer than a job id, or the limit is outside 1..<see cref="MaxListLimit"/>.</exception>
    public Task<IReadOnlyList<string>> FindJobIdsAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        if (prefix.Length > 64 || !prefix.All(char.IsAsciiHexDigit))
            throw new GeoValidationException("prefix", "format", $"'prefix' must be at most 64 hexadecimal characters; got '{(prefix.Length > 64 ? prefix[..64] + "..." : prefix)}'.");
        if (limit is < 1 or > MaxListLimit)
            throw new GeoValidationException("limit", "range", $"'limit' must be between 1 and {MaxListLimit}; got {limit}.");
        return Store.JobFindAsync(new JobFindParams(prefix.ToLowerInvariant(), limit), cancellationToken);
    }

    /// <summary>How many tasks one store read returns while a task listing pages through a job.</summary>
    public const int TaskPageSize = 1000;

    /// <summary>Every task of a job, or of one of its stages, in stage and plan order (see <see cref="EnumerateTasksAsync(TaskQuery, CancellationToken)"/>).</summary>
    /// <exception cref="GeoValidationException"><paramref name="stage"/> is outside 1..the job's stages, or the job id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="stage">Only this stage (1-based); null for all.</param>
    /// <param name="cancellationToken">Stops the listing between pages.</param>
    /// <returns>The tasks in stage and plan order.</returns>
    public IAsyncEnumerable<TaskRecord> EnumerateTasksAsync(string jobId, int? stage = null, CancellationToken cancellationToken = default) =>
        EnumerateTasksAsync(new TaskQuery(jobId) { Stage = stage }, cancellationToken);

    /// <summary>
    /// The tasks the query selects, in stage and plan order, read page by page
    /// (<see cref="TaskPageSize"/> at a time, each page a seek of the store's index that starts
    /// after the last task of the page before): memory stays flat however many there are, and no
    /// read stays open while the caller takes its time with what it got (a long read would keep the
    /// embedded store's write-ahead log from being checkpointed). A task that changes status between
    /// pages is listed once, where its place in the order is; one that changes into a filtered status
    /// behind the page already read is not.
    /// </summary>
    /// <exception cref="GeoValidationException">
    /// The stage is outside 1..the job's stages, <see cref="TaskQuery.First"/> is less than 1, <see cref="TaskQuery.Skip"/> is negative,
    /// <see cref="TaskQuery.After"/> is not a task of the job, or the job id is malformed or ambiguous.
    /// </exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <param name="query">The job, filters and paging.</param>
    /// <param name="cancellationToken">Stops the listing between pages.</param>
    /// <returns>The tasks in stage and plan order.</returns>
    public async IAsyncEnumerable<TaskRecord> EnumerateTasksAsync(TaskQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequirePage(query.First, query.Skip);
        var job = await GetJobAsync(query.JobId, cancellationToken);
        RequireStage(job, query.Stage);
        var after = query.After is null ? null : await CursorAsync(job.JobId, query.After, cancellationToken);
        var statuses = query.Statuses is { Count: > 0 } list ? list.Distinct().ToList() : null;
        // One status is filtered by the store (an index seek); several are filtered here.
        var storeStatus = statuses is { Count: 1 } ? statuses[0] : (TaskRecordStatus?)null;
        var left = query.First ?? int.MaxValue;
        // Skipped by the store on the first page when it filters on its own; else here, as filtered.
        var storeSkip = statuses is { Count: > 1 } ? 0 : query.Skip;
        var skipLeft = query.Skip - storeSkip;
        while (left > 0)
        {
            // A page no larger than what is still wanted, unless some of it will be filtered out here.
            var size = statuses is { Count: > 1 } ? TaskPageSize : Math.Min(TaskPageSize, left);
            var page = await Store.TaskListAsync(new TaskListParams(job.JobId, query.Stage, size, storeStatus, after, storeSkip), cancellationToken);
            storeSkip = 0;
            foreach (var task in page)
            {
                var place = TaskListCursor.Of(task);
                if (after is not null && place.CompareTo(after) <= 0)
                    throw new ContractViolationException($"The store returned task {task.TaskId} again while paging; it does not honour TaskListParams.After.");
                after = place;
                if (statuses is not null && !statuses.Contains(task.Status)) continue;
                if (skipLeft > 0)
                {
                    skipLeft--;
                    continue;
                }
                yield return task;
                if (--left == 0) yield break;
            }
            if (page.Count < size) yield break;
        }
    }

    /// <summary>Where a listing continues after <paramref name="taskId"/>, which must be a task of the job.</summary>
    private async Task<TaskListCursor> CursorAsync(string jobId, string taskId, CancellationToken cancellationToken)
    {
        StorableText.Require("after", taskId);
        var task = await Store.TaskGetAsync(new TaskGetParams(taskId), cancellationToken);
        if (task is null || task.JobId != jobId)
            throw new GeoValidationException("after", "task_of_job",
                $"'after' must be the id of a task of job {jobId}, as the listing shows it; got '{taskId}', {(task is null ? "which is no task" : $"a task of job {task.JobId}")}.");
        return TaskListCursor.Of(task);
    }
}
