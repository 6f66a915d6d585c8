using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

public sealed partial class EngineSteps
{
    /// <summary>
    /// What becomes of a task whose attempt's lease expired: cancelled when its job ended, failed for
    /// good when that was its last attempt (the expired attempt counts, so a task that kills its workers
    /// ends up failed, not retried forever), otherwise queued to run again.
    /// </summary>
    /// <param name="lease">The expired lease, as the store found it.</param>
    /// <returns>The status the store writes for the task.</returns>
    internal static TaskRecordStatus RescueOutcome(ExpiredLease lease) =>
        lease.JobEnded ? TaskRecordStatus.Cancelled
        : lease.Attempt >= lease.MaxAttempts ? TaskRecordStatus.Failed
        : TaskRecordStatus.Queued;

    /// <summary>
    /// One janitor round, in one transaction under the janitor lock (null when another worker's round
    /// holds it): expired leases are ended (requeued, failed for good, or cancelled when their job
    /// ended), attempts past their task timeout fail, jobs past their job timeout fail, and live jobs
    /// that lost their next step get it back. A task failed for good here counts against its stage's
    /// tolerance, as a worker's report would. Reasons are worded by <see cref="LimitMessages"/>.
    /// </summary>
    /// <returns>What the round did; null when another worker's round held the lock.</returns>
    public Task<JanitorReport?> JanitorRunAsync(CancellationToken cancellationToken) =>
        _store.ExecuteAsync<JanitorReport?>(async (tx, ct) =>
        {
            if (await tx.JanitorLockAsync(ct) == JanitorLockStatus.HeldElsewhere) return null;
            var failedTasks = new List<(FailedTask Task, JsonObject Event)>();

            var expired = await tx.LeasesExpiredAsync(ct);
            var rescued = expired.Count == 0 ? [] : await tx.LeasesRescueAsync(new LeasesRescueParams(expired
                .Select(e => new LeaseRescue(e.TaskId, e.Attempt, RescueOutcome(e), LimitMessages.LeaseExpired(e.WorkerId, e.Attempt, e.MaxAttempts, e.Lease)))
                .ToList()), ct);
            var leases = expired.ToDictionary(e => e.TaskId, StringComparer.Ordinal);
            foreach (var task in rescued)
            {
                var lease = leases[task.TaskId];
                await tx.JobEventInsertAsync(LeaseExpiredEvent(task, lease), ct);
                if (task.Status == TaskRecordStatus.Failed)
                    failedTasks.Add((new FailedTask(task.TaskId, task.JobId, task.Stage, task.Reason ?? ""),
                        TaskFailedDetail(task.TaskId, lease.Attempt, FailureCauses.LeaseExpired, null, task.Reason ?? "")));
            }

            var overdue = await tx.TasksOverdueAsync(ct);
            var timedOut = overdue.Count == 0 ? [] : await tx.TasksTimeOutAsync(new TasksTimeOutParams(overdue
                .Select(o => new TaskTimeOut(o.TaskId, o.Attempt, LimitMessages.TaskTimedOut(o.Timeout))).ToList()), ct);
            var overdueAttempts = overdue.ToDictionary(o => o.TaskId, o => o.Attempt, StringComparer.Ordinal);
            failedTasks.AddRange(timedOut.Select(t =>
                (t, TaskFailedDetail(t.TaskId, overdueAttempts[t.TaskId], FailureCauses.TimedOut, null, t.Reason))));

            var jobsFailed = 0;
            foreach (var (task, failedEvent) in failedTasks)
                if ((await FailedForGoodAsync(tx, task, failedEvent, ct)).FailedJob) jobsFailed++;
            var overdueJobs = await tx.JobsOverdueAsync(ct);
            foreach (var job in overdueJobs)
                if (await FailJobAsync(tx, job.JobId, LimitMessages.JobTimedOut(job.Timeout), ct)) jobsFailed++;
            var repaired = await RepairMissingStepsAsync(tx, null, recorded: true, ct);
            await WakeForRequeuedAsync(tx, rescued.Count(r => r.Status == TaskRecordStatus.Queued), ct);
            return new JanitorReport(rescued.Count, timedOut.Count, overdueJobs.Count, repaired, jobsFailed);
        }, cancellationToken);
}
