using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>Operator actions (cancel, retry) and finalize.</summary>
public static partial class GeoStoreSteps
{
    /// <summary>Cancels a queued or processing job and its queued tasks; running handlers notice at their next heartbeat.</summary>
    public static Task<JobChangeOutcome> JobCancelAsync(this IGeoStore store, JobCancelParams parameters, CancellationToken cancellationToken) =>
        store.ExecuteAsync(async (tx, ct) =>
        {
            var end = new JobEndParams(parameters.JobId, JobStatus.Cancelled, parameters.Reason);
            if (await EndJobAsync(tx, end, ct) is not { } cancelled) return await UnchangedAsync(tx, parameters.JobId, ct);
            return new JobChangeOutcome(JobChangeStatus.Changed, await tx.JobGetAsync(new JobGetParams(parameters.JobId), ct), cancelled);
        }, cancellationToken);

    /// <inheritdoc cref="JobCancelAsync(IGeoStore, JobCancelParams, CancellationToken)"/>
    public static Task<JobChangeOutcome> JobCancelAsync(this IGeoStore store, string jobId, string reason, CancellationToken cancellationToken) =>
        store.JobCancelAsync(new JobCancelParams(jobId, reason), cancellationToken);

    /// <summary>
    /// Returns a failed or cancelled job to processing: the failed and cancelled tasks of the stage it
    /// stopped at run again (its tolerated failures too), and a job that stopped between stages gets its
    /// next step.
    /// </summary>
    public static Task<JobChangeOutcome> JobRetryAsync(this IGeoStore store, JobRetryParams parameters, CancellationToken cancellationToken) =>
        store.ExecuteAsync(async (tx, ct) =>
        {
            var jobId = parameters.JobId;
            if (await tx.JobRetryStartAsync(new JobRef(jobId), ct) is not { } stage) return await UnchangedAsync(tx, jobId, ct);
            var at = new StageRef(jobId, stage);
            // The failures the stage tolerated run again too: they leave its counts first.
            await tx.StageReopenFailuresAsync(at, ct);
            var requeued = await tx.TasksRequeueForStageAsync(at, ct);
            // A job that failed between stages (or while planning) has no task to requeue: give it its next step.
            await RepairMissingStepsAsync(tx, jobId, ct);
            await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, stage, JobEventKind.Retried, new JsonObject { ["tasks"] = requeued }), ct);
            await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct);
            return new JobChangeOutcome(JobChangeStatus.Changed, await tx.JobGetAsync(new JobGetParams(jobId), ct), requeued);
        }, cancellationToken);

    /// <inheritdoc cref="JobRetryAsync(IGeoStore, JobRetryParams, CancellationToken)"/>
    public static Task<JobChangeOutcome> JobRetryAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.JobRetryAsync(new JobRetryParams(jobId), cancellationToken);

    private static async Task<JobChangeOutcome> UnchangedAsync(IGeoStoreTransaction tx, string jobId, CancellationToken cancellationToken)
    {
        var job = await tx.JobGetAsync(new JobGetParams(jobId), cancellationToken);
        return new JobChangeOutcome(job is null ? JobChangeStatus.NotFound : JobChangeStatus.WrongStatus, job);
    }

    /// <summary>Ends a processing job with its result and removes the finalize item (also when the job had ended before).</summary>
    public static Task<JobEndStatus> JobFinalizeAsync(this IGeoStore store, JobFinalizeParams parameters, CancellationToken cancellationToken) =>
        store.ExecuteAsync(async (tx, ct) =>
        {
            var done = await tx.JobCompleteAsync(new JobCompleteParams(parameters.JobId, parameters.Status, parameters.Result), ct);
            if (done == JobEndStatus.Ended)
                await tx.JobEventInsertAsync(new JobEventInsertParams(parameters.JobId, null, JobEventKind.Finalized), ct);
            await tx.WorkDeleteAsync(new WorkDeleteParams(parameters.JobId, WorkKind.Finalize), ct);
            return done;
        }, cancellationToken);
}
