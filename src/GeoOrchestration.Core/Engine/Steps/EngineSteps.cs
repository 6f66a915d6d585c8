using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// The flow's compound steps, decided here once for every store: each runs in one store transaction
/// (<see cref="IGeoStore.ExecuteAsync"/>) and composes the store's <see cref="IGeoStoreTransaction"/>
/// steps. The rules live here (when a job fails and what that cancels, when a stage advances and to
/// what, how the janitor ends attempts and repairs jobs, what a completion reports); a store only
/// persists and answers. The worker and the façade (<see cref="GeoClient"/>) each hold one over their store.
/// </summary>
/// <remarks>It holds no state of its own beyond the store: any number may run over one store at once.</remarks>
public sealed partial class EngineSteps
{
    private readonly IGeoStore _store;

    /// <summary>The steps over one store.</summary>
    /// <param name="store">The store whose transactions the steps run in.</param>
    public EngineSteps(IGeoStore store) => _store = store;

    /// <summary>
    /// Enqueues what follows a completed stage, once (see <see cref="IGeoStoreTransaction.StageAdvanceAsync"/>);
    /// true when this call advanced it.
    /// </summary>
    private static async Task<bool> AdvanceAsync(IGeoStoreTransaction tx, string jobId, int stage, int totalStages, CancellationToken cancellationToken)
    {
        if (await tx.StageAdvanceAsync(new StageAdvanceParams(jobId, stage, WorkStep.After(stage, totalStages)), cancellationToken)
            != StageAdvanceStatus.Advanced) return false;
        // The next step (plan or finalize) is control work for any worker.
        await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Control), cancellationToken);
        return true;
    }

    /// <summary>
    /// Failure stops the job: mark it failed, cancel what has not ended, drop its pending control work,
    /// record the event. True when this call ended the job (false when it had ended before).
    /// </summary>
    private static async Task<bool> FailJobAsync(IGeoStoreTransaction tx, string jobId, string error, CancellationToken cancellationToken) =>
        await EndJobAsync(tx, new JobEndParams(jobId, JobStatus.Failed, error), cancellationToken) is not null;

    /// <summary>
    /// Ends a live job (failed or cancelled) with everything that goes with it; how many of its tasks
    /// it cancelled, or null when the job was not live (nothing changed).
    /// </summary>
    private static async Task<int?> EndJobAsync(IGeoStoreTransaction tx, JobEndParams end, CancellationToken cancellationToken)
    {
        if (await tx.JobEndAsync(end, cancellationToken) != JobEndStatus.Ended) return null;
        var cancelled = await tx.TasksCancelForJobAsync(new JobRef(end.JobId), cancellationToken);
        await tx.WorkDeleteAsync(new WorkDeleteParams(end.JobId), cancellationToken);
        await tx.JobEventInsertAsync(JobEndedEvent(end, cancelled), cancellationToken);
        return cancelled;
    }

    /// <summary>
    /// What follows a task's failing for good (a worker's report, a lease expired once too often, a
    /// task timeout), in the transaction that recorded it: within the stage's tolerance it counts
    /// toward the stage, and the failure that closes the stage advances it; beyond it, the job fails
    /// and its other tasks are cancelled. <c>FailedJob</c> is true when this call ended the job (not
    /// when it had ended before), what the janitor counts. The task_failed event (<paramref name="failedEvent"/>,
    /// with <c>tolerated</c> added) comes before what the failure brings about (stage_completed, or failed).
    /// </summary>
    private static async Task<(bool Tolerated, bool FailedJob)> FailedForGoodAsync(IGeoStoreTransaction tx, FailedTask task,
        JsonObject failedEvent, CancellationToken cancellationToken)
    {
        var count = await tx.StageFailureCountAsync(new StageRef(task.JobId, task.Stage), cancellationToken);
        failedEvent["tolerated"] = count.Status == StageFailureStatus.Tolerated;
        await tx.JobEventInsertAsync(new JobEventInsertParams(task.JobId, task.Stage, JobEventKind.TaskFailed, failedEvent), cancellationToken);
        if (count.Status == StageFailureStatus.Tolerated)
        {
            if (count.Remaining == 0) await AdvanceAsync(tx, task.JobId, task.Stage, count.TotalStages, cancellationToken);
            return (true, false);
        }
        var allowed = count.FailuresAllowed;
        var beyond = allowed > 0 ? $" (stage {task.Stage} tolerates {allowed} failed task{(allowed == 1 ? "" : "s")}; this is one more)" : "";
        return (false, await FailJobAsync(tx, task.JobId, $"Task {task.TaskId} failed: {task.Reason}{beyond}", cancellationToken));
    }

    /// <summary>
    /// Gives every live job (or one) without pending work the step it lacks: plan its stage, or
    /// advance past it. How many jobs it repaired. <paramref name="recorded"/>: each repair writes a
    /// repaired event (the janitor's finds; a job retry's own event says what it gave back).
    /// </summary>
    private static async Task<int> RepairMissingStepsAsync(IGeoStoreTransaction tx, string? jobId, bool recorded, CancellationToken cancellationToken)
    {
        var missing = await tx.JobsMissingNextStepAsync(new JobsMissingNextStepParams(jobId), cancellationToken);
        foreach (var step in missing)
        {
            // A completed stage that advanced before (its step lost, or dropped when the job ended)
            // gets the step back without a second stage_completed; one that never advanced (its job
            // had ended when the counter reached zero) advances now.
            var next = step.StageCompleted ? WorkStep.After(step.Stage, step.TotalStages) : new WorkStep(WorkKind.PlanStage, step.Stage);
            if (recorded) await tx.JobEventInsertAsync(RepairedEvent(step.JobId, next), cancellationToken);
            if (step.StageCompleted && await AdvanceAsync(tx, step.JobId, step.Stage, step.TotalStages, cancellationToken)) continue;
            await tx.WorkEnqueueAsync(new WorkEnqueueParams(step.JobId, next), cancellationToken);
        }
        if (missing.Count > 0) await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Control), cancellationToken);
        return missing.Count;
    }
}
