using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// The details of the audit events the steps write where things happen (README, "The audit trail").
/// An event is small: names and numbers, and an error cut to <see cref="EventErrorChars"/>, since a
/// stage of a million tasks that all retry writes a million of them; the task keeps its whole error.
/// </summary>
public sealed partial class EngineSteps
{
    /// <summary>The most characters of an error an event keeps (the task row keeps all of it).</summary>
    public const int EventErrorChars = 500;

    /// <summary>How a task came to fail for good, as <c>cause</c> in a task_failed event.</summary>
    internal static class FailureCauses
    {
        /// <summary>Its handler threw a permanent error, or a transient one on its last attempt.</summary>
        public const string Error = "error";
        /// <summary>Its last attempt's lease expired (the worker was lost or hung).</summary>
        public const string LeaseExpired = "lease_expired";
        /// <summary>An attempt ran longer than its task timeout.</summary>
        public const string TimedOut = "timed_out";
    }

    private static string EventError(string error) =>
        error.Length <= EventErrorChars ? error : StorableText.Truncate(error, EventErrorChars - 1) + "…";

    /// <summary>task_retrying: <c>task</c>, <c>attempt</c> (the one that failed) of <c>max_attempts</c>, <c>error_type</c>, <c>error</c>, <c>retry_in_seconds</c>, <c>next_attempt_at</c> (store clock).</summary>
    private static JobEventInsertParams TaskRetryingEvent(TaskFailParams failure, TaskRetryOutcome retry, TimeSpan delay) =>
        new(retry.JobId!, retry.Stage, JobEventKind.TaskRetrying, new JsonObject
        {
            ["task"] = failure.TaskId,
            ["attempt"] = failure.Attempt,
            ["max_attempts"] = retry.MaxAttempts,
            ["error_type"] = failure.ErrorType,
            ["error"] = EventError(failure.ErrorMessage),
            ["retry_in_seconds"] = Math.Round(delay.TotalSeconds, 3),
            ["next_attempt_at"] = retry.VisibleAt?.UtcDateTime.ToString("O"),
        });

    /// <summary>task_failed: <c>task</c>, <c>attempt</c>, <c>cause</c> (<see cref="FailureCauses"/>), <c>error_type</c> (for an error), <c>error</c>; <c>tolerated</c> is added by <see cref="FailedForGoodAsync"/>.</summary>
    private static JsonObject TaskFailedDetail(string taskId, int attempt, string cause, string? errorType, string error)
    {
        var detail = new JsonObject { ["task"] = taskId, ["attempt"] = attempt, ["cause"] = cause };
        if (errorType is not null) detail["error_type"] = errorType;
        detail["error"] = EventError(error);
        return detail;
    }

    /// <summary>lease_expired: <c>task</c>, <c>worker</c> (who held it), <c>attempt</c> of <c>max_attempts</c>, <c>outcome</c> (requeued, failed or cancelled), <c>lease_seconds</c> when known.</summary>
    private static JobEventInsertParams LeaseExpiredEvent(RescuedTask task, ExpiredLease lease)
    {
        var detail = new JsonObject
        {
            ["task"] = task.TaskId,
            ["worker"] = lease.WorkerId,
            ["attempt"] = lease.Attempt,
            ["max_attempts"] = lease.MaxAttempts,
            ["outcome"] = task.Status switch
            {
                TaskRecordStatus.Queued => "requeued",
                TaskRecordStatus.Failed => "failed",
                _ => "cancelled",
            },
        };
        if (lease.Lease is { } length) detail["lease_seconds"] = length.TotalSeconds;
        return new JobEventInsertParams(task.JobId, task.Stage, JobEventKind.LeaseExpired, detail);
    }

    /// <summary>failed / cancelled: the job's <c>error</c> or the cancel's <c>reason</c>, and <c>tasks_cancelled</c> with it.</summary>
    private static JobEventInsertParams JobEndedEvent(JobEndParams end, int cancelled) =>
        new(end.JobId, null, end.Status == JobStatus.Cancelled ? JobEventKind.Cancelled : JobEventKind.Failed, new JsonObject
        {
            [end.Status == JobStatus.Cancelled ? "reason" : "error"] = EventError(end.Reason),
            ["tasks_cancelled"] = cancelled,
        });

    /// <summary>
    /// tasks_handed_back: the stopping <c>worker</c>, how many <c>tasks</c> of the stage it gave back (their
    /// attempts not counted), and their ids in <c>task_ids</c>, at most <see cref="HandedBackIdsListed"/> of them.
    /// </summary>
    private static JobEventInsertParams TasksHandedBackEvent(string jobId, int stage, string workerId, IReadOnlyList<string> taskIds)
    {
        var ids = new JsonArray();
        foreach (var id in taskIds.Take(HandedBackIdsListed)) ids.Add(id);
        return new JobEventInsertParams(jobId, stage, JobEventKind.TasksHandedBack, new JsonObject
        {
            ["worker"] = workerId,
            ["tasks"] = taskIds.Count,
            ["task_ids"] = ids,
        });
    }

    /// <summary>At most this many task ids in a tasks_handed_back event: a worker holds its slots and prefetch, rarely more; the event stays small.</summary>
    internal const int HandedBackIdsListed = 50;

    /// <summary>repaired: the <c>step</c> a live job had lost and got back (<c>plan</c> or <c>finalize</c>) and its <c>stage</c>.</summary>
    private static JobEventInsertParams RepairedEvent(string jobId, WorkStep step) =>
        new(jobId, step.Stage, JobEventKind.Repaired, new JsonObject
        {
            ["step"] = step.Kind == WorkKind.Finalize ? "finalize" : "plan",
        });
}
