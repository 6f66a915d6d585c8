using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

public sealed partial class EngineSteps
{
    /// <summary>
    /// Schedules a retry, or fails the task for good: within its stage's tolerance the job goes on,
    /// beyond it the job fails and its other tasks are cancelled. Only for the attempt that still holds
    /// the task (compare-and-set on lease owner and attempt). A retry asked for when the task's job had
    /// ended meanwhile cancels the task instead.
    /// </summary>
    /// <returns>Retry scheduled, failure tolerated, job failed, cancelled (its job had ended), not running, or not the owner (the report is dropped).</returns>
    public Task<TaskFailOutcome> TaskFailAsync(TaskFailParams parameters, CancellationToken cancellationToken) =>
        _store.ExecuteAsync(async (tx, ct) =>
        {
            if (parameters.RetryDelay is { } retryDelay)
            {
                var retry = await tx.TaskRetryScheduleAsync(new TaskRetryScheduleParams(parameters.TaskId, parameters.WorkerId, parameters.Attempt,
                    retryDelay, parameters.ErrorType, parameters.ErrorMessage), ct);
                if (retry.Status == TaskRetryStatus.Scheduled)
                {
                    await tx.JobEventInsertAsync(TaskRetryingEvent(parameters, retry, retryDelay), ct);
                    // Idle workers (this one's peers included) wake, learn from their claim when the
                    // retry falls due, and wait for exactly that instead of their fallback poll.
                    await WakeForRequeuedAsync(tx, 1, ct);
                    return new TaskFailOutcome(TaskFailStatus.RetryScheduled);
                }
                // An ended job keeps no queued task: nothing would run the retry but to cancel it.
                if (retry.Status == TaskRetryStatus.Cancelled) return new TaskFailOutcome(TaskFailStatus.Cancelled);
            }
            var failed = await tx.TaskFailForGoodAsync(new TaskFailForGoodParams(parameters.TaskId, parameters.WorkerId, parameters.Attempt,
                parameters.ErrorType, parameters.ErrorMessage), ct);
            if (failed is null)
            {
                // The attempt no longer holds the task. A task still queued or running belongs to a
                // newer attempt, whose outcome is its own; anything else has ended already.
                var statuses = await tx.TaskStatusesAsync(new TaskStatusesParams([parameters.TaskId]), ct);
                var live = statuses.TryGetValue(parameters.TaskId, out var status)
                    && status is TaskRecordStatus.Pending or TaskRecordStatus.Queued or TaskRecordStatus.Processing;
                return new TaskFailOutcome(live ? TaskFailStatus.NotOwner : TaskFailStatus.NotRunning);
            }
            var (tolerated, _) = await FailedForGoodAsync(tx, failed with { Reason = $"{parameters.ErrorType}: {parameters.ErrorMessage}" },
                TaskFailedDetail(parameters.TaskId, parameters.Attempt, FailureCauses.Error, parameters.ErrorType, parameters.ErrorMessage), ct);
            return new TaskFailOutcome(tolerated ? TaskFailStatus.FailureTolerated : TaskFailStatus.JobFailed);
        }, cancellationToken);

    /// <summary>Fails a job for a reason outside any task (a planner that broke its contract), cancelling its tasks.</summary>
    /// <returns>Ended, or not live (it had ended before; nothing changed).</returns>
    public async Task<JobEndStatus> JobFailAsync(JobFailParams parameters, CancellationToken cancellationToken) =>
        await _store.ExecuteAsync((tx, ct) => FailJobAsync(tx, parameters.JobId, parameters.Error, ct), cancellationToken)
            ? JobEndStatus.Ended
            : JobEndStatus.NotLive;

    /// <inheritdoc cref="JobFailAsync(JobFailParams, CancellationToken)"/>
    public Task<JobEndStatus> JobFailAsync(string jobId, string error, CancellationToken cancellationToken) =>
        JobFailAsync(new JobFailParams(jobId, error), cancellationToken);
}
