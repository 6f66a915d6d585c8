using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

public sealed partial class EngineSteps
{
    /// <summary>
    /// One janitor round, in one transaction under the janitor lock (null when another worker's round
    /// holds it): expired leases are ended (requeued, failed for good, or cancelled when their job
    /// ended), attempts past their task timeout fail, jobs past their job timeout fail, and live jobs
    /// that lost their next step get it back. A task failed for good here counts against its stage's
    /// tolerance, as a worker's report would. Reasons are worded by <see cref="LimitMessages"/>.
    /// </summary>
    public Task<JanitorReport?> JanitorRunAsync(CancellationToken cancellationToken) =>
        _store.ExecuteAsync<JanitorReport?>(async (tx, ct) =>
        {
            if (await tx.JanitorLockAsync(ct) == JanitorLockStatus.HeldElsewhere) return null;
            var failedTasks = new List<FailedTask>();

            var expired = await tx.LeasesExpiredAsync(ct);
            var rescued = expired.Count == 0 ? [] : await tx.LeasesRescueAsync(new LeasesRescueParams(expired
                .Select(e => new LeaseRescue(e.TaskId, e.Attempt, e.JobEnded, LimitMessages.LeaseExpired(e.WorkerId, e.Attempt, e.MaxAttempts, e.Lease)))
                .ToList()), ct);
            failedTasks.AddRange(rescued.Where(r => r.Status == TaskRecordStatus.Failed)
                .Select(r => new FailedTask(r.TaskId, r.JobId, r.Stage, r.Reason ?? "")));

            var overdue = await tx.TasksOverdueAsync(ct);
            var timedOut = overdue.Count == 0 ? [] : await tx.TasksTimeOutAsync(new TasksTimeOutParams(overdue
                .Select(o => new TaskTimeOut(o.TaskId, o.Attempt, LimitMessages.TaskTimedOut(o.Timeout))).ToList()), ct);
            failedTasks.AddRange(timedOut);

            var jobsFailed = 0;
            foreach (var task in failedTasks)
                if ((await FailedForGoodAsync(tx, task, ct)).FailedJob) jobsFailed++;
            var overdueJobs = await tx.JobsOverdueAsync(ct);
            foreach (var job in overdueJobs)
                if (await FailJobAsync(tx, job.JobId, LimitMessages.JobTimedOut(job.Timeout), ct)) jobsFailed++;
            var repaired = await RepairMissingStepsAsync(tx, null, ct);
            if (rescued.Count > 0) await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct);
            return new JanitorReport(rescued.Count, timedOut.Count, overdueJobs.Count, repaired, jobsFailed);
        }, cancellationToken);
}
