using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>Tasks a worker gives back: its claimed but unfinished tasks when it stops, a task whose job ended.</summary>
public sealed partial class EngineSteps
{
    /// <summary>
    /// Hands tasks back to the queue without counting the attempt (graceful shutdown); a task whose job
    /// ended meanwhile is cancelled instead, so an ended job keeps no queued task. Returns how many this
    /// worker still held (requeued and cancelled alike); workers wake only when one was requeued. Each job
    /// stage that got tasks back records one tasks_handed_back event, in the same transaction.
    /// </summary>
    public Task<int> TaskReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken) =>
        parameters.Tasks.Count == 0
            ? Task.FromResult(0)
            : _store.ExecuteAsync(async (tx, ct) =>
            {
                var released = await tx.TasksReleaseAsync(parameters, ct);
                var requeued = released.Where(r => r.Status == TaskRecordStatus.Queued).ToList();
                foreach (var stage in requeued.GroupBy(r => (r.JobId, r.Stage)).OrderBy(g => g.Key.JobId, StringComparer.Ordinal).ThenBy(g => g.Key.Stage))
                    await tx.JobEventInsertAsync(TasksHandedBackEvent(stage.Key.JobId, stage.Key.Stage, parameters.WorkerId, stage.Select(r => r.TaskId).ToList()), ct);
                await WakeForRequeuedAsync(tx, requeued.Count, ct);
                return released.Count;
            }, cancellationToken);

    /// <summary>
    /// Cancels the task an attempt holds because its job ended (while it ran, or before it started);
    /// hands it back instead, waking workers, if the job was retried meanwhile.
    /// </summary>
    public Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            var status = await tx.TaskCancelAsync(parameters, ct);
            await WakeForRequeuedAsync(tx, status == TaskCancelStatus.Requeued ? 1 : 0, ct);
            return status;
        }, cancellationToken);

    /// <summary>
    /// The one rule for tasks going back to the queue (a hand-back, a cancel whose job was retried, an
    /// expired lease, a retry scheduled for later): workers wake only when at least one task was requeued.
    /// </summary>
    private static Task WakeForRequeuedAsync(IGeoStoreTransaction tx, int requeued, CancellationToken cancellationToken) =>
        requeued > 0 ? tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), cancellationToken) : Task.CompletedTask;
}
