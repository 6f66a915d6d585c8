using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>Operator actions (cancel, retry) and finalize.</summary>
public sealed partial class EngineSteps
{
    /// <summary>Cancels a queued or processing job and its queued tasks; running handlers notice at their next heartbeat.</summary>
    /// <returns>Changed (with the tasks cancelled), not found, or wrong status (it had ended).</returns>
    public Task<JobChangeOutcome> JobCancelAsync(JobCancelParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            var end = new JobEndParams(parameters.JobId, JobStatus.Cancelled, parameters.Reason);
            if (await EndJobAsync(tx, end, ct) is not { } cancelled) return await UnchangedAsync(tx, parameters.JobId, ct);
            return new JobChangeOutcome(JobChangeStatus.Changed, await tx.JobGetAsync(new JobGetParams(parameters.JobId), ct), cancelled);
        }, cancellationToken);

    /// <inheritdoc cref="JobCancelAsync(JobCancelParams, CancellationToken)"/>
    public Task<JobChangeOutcome> JobCancelAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        JobCancelAsync(new JobCancelParams(jobId, reason), cancellationToken);

    /// <summary>The statuses a retry takes a job back from: every ended status but completed.</summary>
    /// <param name="status">A job status.</param>
    /// <returns>True for failed, cancelled and completed_with_errors.</returns>
    public static bool IsRetryable(JobStatus status) =>
        status is JobStatus.Failed or JobStatus.Cancelled or JobStatus.CompletedWithErrors;

    /// <summary>
    /// Returns an ended job that did not complete cleanly to processing, with the timeouts given
    /// replacing its own (the job timeout runs again from now either way).
    /// <list type="bullet">
    /// <item>Failed or cancelled: the failed and cancelled tasks of the stage it stopped at run again
    /// (its tolerated failures too), and a job that stopped between stages gets its next step.</item>
    /// <item>Completed with errors: the earliest stage with tolerated failures is re-opened and only
    /// its failed tasks run again; what completed keeps its result. Every later stage depends on that
    /// stage's results, so its tasks are removed (their outputs outside the store are left to the
    /// new run, which writes them again) and it is planned again from the new results; then the job
    /// is finalized again. With no failed task (its finalize threw) only the finalize runs again.</item>
    /// </list>
    /// The retried event records the status it came from, the tasks queued and removed, and the
    /// timeouts given.
    /// </summary>
    /// <returns>Changed (with the tasks queued, and for a completed_with_errors job the stage re-opened and tasks removed), not found, or wrong status.</returns>
    public Task<JobChangeOutcome> JobRetryAsync(JobRetryParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            var jobId = parameters.JobId;
            var job = await tx.JobGetAsync(new JobGetParams(jobId), ct);
            if (job is null || !IsRetryable(job.Status)) return await UnchangedAsync(tx, jobId, ct);
            var start = new JobRetryStartParams(jobId, job.Status, parameters.TaskTimeout, parameters.JobTimeout);
            if (await tx.JobRetryStartAsync(start, ct) is not { } stage) return await UnchangedAsync(tx, jobId, ct);
            int? reopened = null;
            var removed = 0;
            if (job.Status == JobStatus.CompletedWithErrors)
            {
                if (await tx.StageFirstWithFailuresAsync(new JobRef(jobId), ct) is { } first)
                {
                    removed = await tx.StageRewindAsync(new StageRef(jobId, first), ct);
                    reopened = stage = first;
                }
            }
            else
            {
                // The failures the stage tolerated run again too: they leave its counts first.
                await tx.StageReopenFailuresAsync(new StageRef(jobId, stage), ct);
            }
            // A completed_with_errors job with no failed task has nothing to requeue: its stage advanced.
            var requeued = job.Status != JobStatus.CompletedWithErrors || reopened is not null
                ? await tx.TasksRequeueForStageAsync(new StageRef(jobId, stage), ct) : 0;
            // A job that failed between stages (or while planning), or whose finalize is to run again,
            // has no task to requeue: give it its next step.
            await RepairMissingStepsAsync(tx, jobId, recorded: false, ct);
            await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, stage, JobEventKind.Retried,
                RetriedDetail(job.Status, requeued, reopened, removed, parameters)), ct);
            await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct);
            return new JobChangeOutcome(JobChangeStatus.Changed, await tx.JobGetAsync(new JobGetParams(jobId), ct), requeued)
            {
                ReopenedStage = reopened,
                TasksRemoved = removed,
            };
        }, cancellationToken);

    /// <summary>
    /// The retried event's detail: <c>tasks</c> queued again, <c>from</c> (the status it left), and for a
    /// completed_with_errors job <c>rerun_from_stage</c> (the stage re-opened; later stages planned
    /// again) and <c>removed_tasks</c>; <c>task_timeout_seconds</c> / <c>job_timeout_seconds</c> when given.
    /// </summary>
    private static JsonObject RetriedDetail(JobStatus from, int requeued, int? reopened, int removed, JobRetryParams parameters)
    {
        var detail = new JsonObject { ["tasks"] = requeued, ["from"] = StatusNames.ToName(from) };
        if (from == JobStatus.CompletedWithErrors)
        {
            detail["rerun_from_stage"] = reopened;
            detail["removed_tasks"] = removed;
        }
        if (parameters.TaskTimeout is { } task) detail["task_timeout_seconds"] = task.TotalSeconds;
        if (parameters.JobTimeout is { } limit) detail["job_timeout_seconds"] = limit.TotalSeconds;
        return detail;
    }

    /// <inheritdoc cref="JobRetryAsync(JobRetryParams, CancellationToken)"/>
    public Task<JobChangeOutcome> JobRetryAsync(string jobId, CancellationToken cancellationToken) =>
        JobRetryAsync(new JobRetryParams(jobId), cancellationToken);

    private static async Task<JobChangeOutcome> UnchangedAsync(IGeoStoreTransaction tx, string jobId, CancellationToken cancellationToken)
    {
        var job = await tx.JobGetAsync(new JobGetParams(jobId), cancellationToken);
        return new JobChangeOutcome(job is null ? JobChangeStatus.NotFound : JobChangeStatus.WrongStatus, job);
    }

    /// <summary>Ends a processing job with its result and removes the finalize item (also when the job had ended before).</summary>
    /// <returns>Ended, or not live (it had ended before; the finalize item is removed all the same).</returns>
    public Task<JobEndStatus> JobFinalizeAsync(JobFinalizeParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            var done = await tx.JobCompleteAsync(new JobCompleteParams(parameters.JobId, parameters.Status, parameters.Result), ct);
            if (done == JobEndStatus.Ended)
                await tx.JobEventInsertAsync(new JobEventInsertParams(parameters.JobId, null, JobEventKind.Finalized,
                    new JsonObject { ["status"] = StatusNames.ToName(parameters.Status) }), ct);
            await tx.WorkDeleteAsync(new WorkDeleteParams(parameters.JobId, WorkKind.Finalize), ct);
            return done;
        }, cancellationToken);
}
