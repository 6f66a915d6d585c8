using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>A job (by id or unique prefix) with its progress (<see cref="JobProgress"/>: its current stage's counts).</summary>
    /// <exception cref="GeoValidationException">The job id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The job with its progress.</returns>
    public async Task<JobProgress> GetJobProgressAsync(string jobId, CancellationToken cancellationToken = default) =>
        await GetJobProgressAsync(await GetJobAsync(jobId, cancellationToken), cancellationToken);

    /// <summary>The progress of a job already read (its current stage's counts, read now).</summary>
    /// <param name="job">The job as read.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Its progress.</returns>
    public async Task<JobProgress> GetJobProgressAsync(JobRecord job, CancellationToken cancellationToken = default) =>
        (await GetJobProgressAsync([job], cancellationToken))[0];

    /// <summary>
    /// The progress of jobs already read, in their order, with one store call for all of them
    /// (a job listing pays one read per page, not one per job).
    /// </summary>
    /// <param name="jobs">The jobs as read.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Their progress, in the same order.</returns>
    public async Task<IReadOnlyList<JobProgress>> GetJobProgressAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default)
    {
        if (jobs.Count == 0) return [];
        var refs = jobs.Select(j => new JobProgressRef(j.JobId, j.Stage, !j.Status.IsTerminal())).ToList();
        var read = (await Store.JobProgressAsync(new JobProgressParams(refs), cancellationToken))
            .ToDictionary(p => p.JobId, p => p.Current, StringComparer.Ordinal);
        return jobs.Select(j => new JobProgress(j, read.TryGetValue(j.JobId, out var current) && current.Stage == j.Stage ? current : null)).ToList();
    }

    /// <summary>How many jobs of a listing share one progress read (<see cref="EnumerateJobProgressAsync"/>).</summary>
    private const int ProgressBatch = 100;

    /// <summary>
    /// Every job the query selects, as <see cref="EnumerateJobsAsync"/> lists them, each with its
    /// progress: read for <see cref="ProgressBatch"/> jobs at a time, so a listing costs a few reads
    /// per hundred jobs, and the first jobs come out before the rest are read.
    /// </summary>
    /// <exception cref="GeoValidationException"><see cref="JobQuery.First"/> is less than 1.</exception>
    /// <returns>The jobs with their progress, newest first.</returns>
    public async IAsyncEnumerable<JobProgress> EnumerateJobProgressAsync(JobQuery query, Func<JobRecord, bool>? match = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<JobRecord>(ProgressBatch);
        await foreach (var job in EnumerateJobsAsync(query, cancellationToken))
        {
            if (match is not null && !match(job)) continue;
            batch.Add(job);
            if (batch.Count < ProgressBatch) continue;
            foreach (var progress in await GetJobProgressAsync(batch, cancellationToken)) yield return progress;
            batch.Clear();
        }
        foreach (var progress in await GetJobProgressAsync(batch, cancellationToken)) yield return progress;
    }

    /// <summary>When a worker last left a mark on the store; null when the store cannot tell.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The store's clock and the last mark; null when the store cannot tell.</returns>
    public Task<WorkerActivity?> GetWorkerActivityAsync(CancellationToken cancellationToken = default) =>
        Store.WorkerActivityAsync(cancellationToken);

    /// <summary>
    /// Waits until every job is terminal, reporting on <paramref name="report"/> (from the waiting
    /// thread, one call at a time): each job's progress when it changes, each job as it ends, each
    /// job still running when <see cref="JobWaitOptions.Timeout"/> passes, and once, a
    /// <see cref="JobWaitNoWorker"/> when nothing moved for <see cref="JobWaitOptions.NoWorkerAfter"/>
    /// and the worker registry holds no live worker that can run the jobs (a store without a registry:
    /// no worker has touched the store for that long either). Returns the jobs that ended, in the order they ended.
    /// </summary>
    /// <exception cref="GeoValidationException">A job id is malformed or ambiguous, or the timeout is negative.</exception>
    /// <exception cref="GeoNotFoundException">A job does not exist.</exception>
    /// <exception cref="GeoStoreUnavailableException">The store stayed unavailable for 5 minutes on end (a shorter outage is polled through).</exception>
    /// <returns>The jobs that ended, in the order they ended (those still running at the timeout are left out).</returns>
    public async Task<IReadOnlyList<JobRecord>> WaitForJobsAsync(IReadOnlyList<string> jobIds, JobWaitOptions options,
        Action<JobWaitEvent> report, CancellationToken cancellationToken = default)
    {
        if (options.Timeout is { } t && t < TimeSpan.Zero)
            throw new GeoValidationException("timeout", "minimum", $"'timeout' must not be negative; got {DurationText.Format(t)}.");
        var started = Time.GetTimestamp();
        var ids = new List<string>();
        foreach (var id in jobIds)
        {
            var full = await ResolveJobIdAsync(id, cancellationToken);
            if (!ids.Contains(full)) ids.Add(full);
        }
        var seen = new Dictionary<string, JobProgress>();
        var finished = new List<JobRecord>();
        var lastMove = Time.GetTimestamp();
        var lastWorkerCheck = 0L;
        var warned = options.NoWorkerAfter is null;
        var delay = TimeSpan.FromMilliseconds(20);
        // A store outage (a restart, a failover) is polled through, as workers ride it out.
        var outage = new StoreOutageTolerance(Time);
        while (true)
        {
            foreach (var id in ids.ToList())
            {
                var (read, progress) = await outage.ReadAsync(() => GetJobProgressAsync(id, cancellationToken));
                if (!read) break;
                if (!seen.TryGetValue(id, out var before) || Moved(before, progress))
                {
                    seen[id] = progress;
                    lastMove = Time.GetTimestamp();
                    report(new JobWaitProgress(progress));
                }
                if (!progress.Job.Status.IsTerminal()) continue;
                ids.Remove(id);
                finished.Add(progress.Job);
                report(new JobWaitFinished(progress));
            }
            if (ids.Count == 0) return finished;
            if (options.Timeout is { } limit && Time.GetElapsedTime(started) >= limit)
            {
                foreach (var id in ids.Where(seen.ContainsKey))
                {
                    var job = seen[id].Job;
                    report(new JobWaitTimedOut(job, new GeoTimeoutException(
                        $"Job {id} is still {StatusNames.ToName(job.Status)} (stage {job.Stage} of {job.TotalStages}) after {DurationText.Format(limit)}.")));
                }
                return finished;
            }
            if (!warned && options.NoWorkerAfter is { } quiet && Time.GetElapsedTime(lastMove) >= quiet
                && (lastWorkerCheck == 0 || Time.GetElapsedTime(lastWorkerCheck) >= TimeSpan.FromSeconds(1)))
            {
                lastWorkerCheck = Time.GetTimestamp();
                // The worker registry where the store keeps one (NoWorkerCheck), else the last mark a worker left.
                var (_, noWorker) = await outage.ReadAsync(() => NoWorkerCheck.CheckAsync(Store, ids.Where(seen.ContainsKey).Select(i => seen[i].Job).ToList(),
                    quiet, Time.GetElapsedTime(lastMove), Time.GetElapsedTime(started), cancellationToken));
                if (noWorker is not null)
                {
                    warned = true;
                    report(noWorker);
                }
            }
            await Task.Delay(delay, Time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(options.MaxPollInterval.TotalMilliseconds, delay.TotalMilliseconds * 1.5));
        }
    }

    private static bool Moved(JobProgress before, JobProgress now) =>
        before.Job.Status != now.Job.Status || before.Job.Stage != now.Job.Stage || before.Job.Updated != now.Job.Updated
        || before.Current != now.Current;
}
