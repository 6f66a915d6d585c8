using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Progress;

/// <summary>
/// Whether anyone works the jobs a wait watches (<see cref="GeoClient.WaitForJobsAsync"/>), asked once
/// they have not moved for a while. The worker registry answers it where the store keeps one: no live
/// worker registered (none at all, or only lost or stopping ones), or none whose registry holds a
/// watched job's type. A store without a registry falls back to the last mark any worker left
/// (<see cref="IGeoStore.WorkerActivityAsync"/>), which cannot tell a job type nobody runs.
/// </summary>
internal static class NoWorkerCheck
{
    /// <summary>The warning to give, or null when a worker is there to run the jobs (or the store cannot tell).</summary>
    /// <param name="store">The store the jobs are on.</param>
    /// <param name="jobs">The watched jobs still live, as last read.</param>
    /// <param name="quiet">How long nothing must have moved before a warning (the activity fallback's threshold).</param>
    /// <param name="still">How long the jobs have not moved.</param>
    /// <param name="waited">How long the wait has run.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<JobWaitNoWorker?> CheckAsync(IGeoStore store, IReadOnlyList<JobRecord> jobs, TimeSpan quiet, TimeSpan still,
        TimeSpan waited, CancellationToken cancellationToken)
    {
        var ids = string.Join(", ", jobs.Select(j => j.JobId[..16]));
        var stillText = $"job {ids} has not moved for {DurationText.Format(still)}";
        if (await store.WorkerListAsync(cancellationToken) is { } workers)
        {
            var live = workers.Where(w => w.State == WorkerState.Running).ToList();
            if (live.Count == 0)
            {
                var lost = workers.Where(w => w.Lost).ToList();
                var why = workers.Count == 0 ? "No worker is registered on this store"
                    : lost.Count == workers.Count ? $"No live worker is registered on this store ({Lost(lost)})"
                    : $"Every worker registered on this store is stopping or lost ({workers.Count})";
                var idle = lost.Count > 0 ? lost.Min(w => w.HeartbeatAge) : waited;
                return new JobWaitNoWorker(idle, $"{why}, and {stillText}: is a worker running against this store and schema?");
            }
            var orphans = jobs.Select(j => j.JobType).Distinct(StringComparer.Ordinal).Where(type => !live.Any(w => w.CanRun(type))).ToList();
            if (orphans.Count == 0) return null;
            return new JobWaitNoWorker(still, $"None of the {live.Count} live worker(s) on this store can run job type " +
                $"{string.Join(", ", orphans.Select(t => $"'{t}'"))}, and {stillText}: is a worker with that job type's assembly running?");
        }
        var activity = await store.WorkerActivityAsync(cancellationToken);
        if (activity is null || (activity.Idle is { } since && since < quiet)) return null;
        var text = activity.Idle is { } i ? $"for {DurationText.Format(i)}" : "at all";
        return new JobWaitNoWorker(activity.Idle ?? waited,
            $"No worker has touched the store {text}, and {stillText}: is a worker running against this store and schema?");
    }

    private static string Lost(IReadOnlyList<WorkerRecord> lost) =>
        $"{lost.Count} lost, the last heartbeat {DurationText.Format(lost.Min(w => w.HeartbeatAge))} ago";
}
