using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>A job (by id or unique prefix) with the task counts of each stage planned so far, read from the stage counters.</summary>
    public async Task<JobProgress> GetJobProgressAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(jobId, cancellationToken);
        return new JobProgress(job, await Store.StageProgressAsync(job.JobId, cancellationToken));
    }

    /// <summary>When a worker last left a mark on the store; null when the store cannot tell.</summary>
    public Task<WorkerActivity?> GetWorkerActivityAsync(CancellationToken cancellationToken = default) =>
        Store.WorkerActivityAsync(cancellationToken);

    /// <summary>
    /// Waits until every job is terminal, reporting on <paramref name="report"/> (from the waiting
    /// thread, one call at a time): each job's progress when it changes, each job as it ends, each
    /// job still running when <see cref="JobWaitOptions.Timeout"/> passes, and once, a
    /// <see cref="JobWaitNoWorker"/> when nothing moves and no worker has touched the store for
    /// <see cref="JobWaitOptions.NoWorkerAfter"/>. Returns the jobs that ended, in the order they ended.
    /// </summary>
    /// <exception cref="GeoValidationException">A job id is malformed or ambiguous, or the timeout is negative.</exception>
    /// <exception cref="GeoNotFoundException">A job does not exist.</exception>
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
        while (true)
        {
            foreach (var id in ids.ToList())
            {
                var progress = await GetJobProgressAsync(id, cancellationToken);
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
                foreach (var id in ids)
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
                var activity = await GetWorkerActivityAsync(cancellationToken);
                if (activity is not null && (activity.Idle is not { } idle || idle >= quiet))
                {
                    warned = true;
                    var since = activity.Idle is { } i ? $"for {DurationText.Format(i)}" : "at all";
                    report(new JobWaitNoWorker(activity.Idle ?? Time.GetElapsedTime(started),
                        $"No worker has touched the store {since}, and job {string.Join(", ", ids.Select(i => i[..16]))} " +
                        $"has not moved for {DurationText.Format(Time.GetElapsedTime(lastMove))}: is a worker running against this store and schema?"));
                }
            }
            await Task.Delay(delay, Time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(options.MaxPollInterval.TotalMilliseconds, delay.TotalMilliseconds * 1.5));
        }
    }

    private static bool Moved(JobProgress before, JobProgress now) =>
        before.Job.Status != now.Job.Status || before.Job.Stage != now.Job.Stage || before.Job.Updated != now.Job.Updated
        || !before.Stages.SequenceEqual(now.Stages);

    /// <summary>
    /// Submits a job and runs an in-process worker until that job ends, reporting progress as
    /// <see cref="WaitForJobsAsync"/> does (no worker warning: this is the worker). Deploys the
    /// schema first when <paramref name="deploy"/> is set. Returns the submission and the job as it
    /// ended, or as it stood when <see cref="JobWaitOptions.Timeout"/> passed. <paramref name="submitted"/>
    /// hears of the submission before the first progress is reported. A job that already existed and
    /// had ended is reported as it ended, and no worker starts (a retry, not a resubmission, runs it again).
    /// </summary>
    public async Task<(SubmitResult Submission, JobRecord Job)> RunAsync(string jobType, JsonObject? parameters, SubmitOptions submitOptions,
        WorkerOptions workerOptions, JobWaitOptions waitOptions, Action<JobWaitEvent> report, bool deploy = false,
        CancellationToken cancellationToken = default, Action<SubmitResult>? submitted = null)
    {
        // Everything the user gave is checked before anything is written, the schema included.
        workerOptions.Validate();
        ComputeJobId(jobType, parameters, submitOptions);
        if (deploy) await DeploySchemaAsync(dryRun: false, cancellationToken);
        var submission = await SubmitAsync(jobType, parameters, submitOptions, cancellationToken);
        submitted?.Invoke(submission);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = HadEnded(submission) ? Task.CompletedTask : CreateWorker(workerOptions with { ExitWhenIdle = null }).RunAsync(stop.Token);
        try
        {
            JobRecord? last = null;
            await WaitForJobsAsync([submission.Job.JobId], waitOptions with { NoWorkerAfter = null }, e =>
            {
                last = e switch { JobWaitFinished f => f.Job, JobWaitTimedOut t => t.Job, JobWaitProgress p => p.Progress.Job, _ => last };
                report(e);
            }, cancellationToken);
            return (submission, last ?? submission.Job);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
