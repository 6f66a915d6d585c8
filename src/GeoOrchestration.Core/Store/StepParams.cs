using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

// Params of the steps inside a store transaction (IGeoStoreTransaction), one record per step.

/// <summary>A job, by id.</summary>
public sealed record JobRef(string JobId);

/// <summary>A stage of a job (1-based).</summary>
public sealed record StageRef(string JobId, int Stage);

/// <summary>A control work item to write: plan <see cref="Stage"/>, or finalize after it.</summary>
public sealed record WorkStep(WorkKind Kind, int Stage)
{
    /// <summary>What follows a completed stage: plan the next one, or finalize after the last.</summary>
    /// <param name="stage">The stage that completed.</param>
    /// <param name="totalStages">How many stages the job runs.</param>
    /// <returns>Plan stage + 1, or finalize after the last stage.</returns>
    public static WorkStep After(int stage, int totalStages) =>
        stage < totalStages ? new WorkStep(WorkKind.PlanStage, stage + 1) : new WorkStep(WorkKind.Finalize, stage);
}

/// <param name="Next">What the stage's completion enqueues (<see cref="WorkStep.After"/>).</param>
public sealed record StageAdvanceParams(string JobId, int Stage, WorkStep Next);

/// <param name="Completions">Distinct task ids, in the order their rows are to be locked.</param>
public sealed record TaskCompleteManyParams(IReadOnlyList<TaskCompleteParams> Completions);

/// <summary>The tasks whose statuses <see cref="IGeoStoreTransaction.TaskStatusesAsync"/> reads.</summary>
/// <param name="TaskIds">The task ids; unknown ones are left out of the answer.</param>
public sealed record TaskStatusesParams(IReadOnlyList<string> TaskIds);

/// <param name="RetryDelay">How long from now, by the store's clock, until the task may run again.</param>
public sealed record TaskRetryScheduleParams(string TaskId, string WorkerId, int Attempt, TimeSpan RetryDelay, string ErrorType, string ErrorMessage);

/// <summary>The held attempt whose task <see cref="IGeoStoreTransaction.TaskFailForGoodAsync"/> fails for good.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="WorkerId">The lease owner the attempt was claimed by.</param>
/// <param name="Attempt">The attempt number its claim returned: the compare-and-set key.</param>
/// <param name="ErrorType">The exception's type name, recorded on the task.</param>
/// <param name="ErrorMessage">The exception's message, recorded on the task.</param>
public sealed record TaskFailForGoodParams(string TaskId, string WorkerId, int Attempt, string ErrorType, string ErrorMessage);

/// <param name="Status"><see cref="JobStatus.Failed"/> or <see cref="JobStatus.Cancelled"/>.</param>
/// <param name="Reason">The job's error (failed) or cancel reason (cancelled).</param>
public sealed record JobEndParams(string JobId, JobStatus Status, string Reason);

/// <param name="Expected">The status the engine found the job in: the compare-and-set's condition.</param>
/// <param name="TaskTimeout">The job's new task timeout; null keeps it.</param>
/// <param name="JobTimeout">The job's new job timeout; null keeps it (either way it runs again from now).</param>
public sealed record JobRetryStartParams(string JobId, JobStatus Expected, TimeSpan? TaskTimeout, TimeSpan? JobTimeout);

/// <param name="Status">The final status finalize decided: completed, completed_with_errors or failed.</param>
public sealed record JobCompleteParams(string JobId, JobStatus Status, JsonNode? Result);

/// <param name="Kind">Only items of this kind; null for all of the job's.</param>
/// <param name="Stage">Only the item of this stage (with a kind); null for every stage.</param>
public sealed record WorkDeleteParams(string JobId, WorkKind? Kind = null, int? Stage = null);

/// <summary>A control work item to enqueue.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Step">Plan a stage, or finalize.</param>
public sealed record WorkEnqueueParams(string JobId, WorkStep Step);

/// <summary>An audit event to append.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Stage">The stage it concerns; null for a job-level event.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">Event-specific facts; null for none.</param>
public sealed record JobEventInsertParams(string JobId, int? Stage, JobEventKind Kind, JsonObject? Detail = null);

/// <summary>A job to read, by its whole id.</summary>
/// <param name="JobId">The job's id (64 characters).</param>
public sealed record JobGetParams(string JobId);

/// <summary>
/// One expired attempt to end as the janitor step decided, with the reason worded for it
/// (<see cref="LimitMessages.LeaseExpired"/>). The store writes <see cref="Outcome"/> as it is given
/// (see <see cref="IGeoStoreTransaction.LeasesRescueAsync"/> for the one exception).
/// </summary>
/// <param name="Attempt">The expired attempt's number: the compare-and-set's condition.</param>
/// <param name="Outcome">
/// <see cref="TaskRecordStatus.Queued"/> (runs again, the expired attempt counted), <see cref="TaskRecordStatus.Failed"/>
/// (no attempt left: failed for good, with <paramref name="Message"/> as its error) or <see cref="TaskRecordStatus.Cancelled"/>
/// (its job ended); any other status is refused with an <see cref="ArgumentException"/>.
/// </param>
/// <param name="Message">The task's error when it is requeued or failed (error type <c>LeaseExpired</c>); a cancelled task keeps its own.</param>
public sealed record LeaseRescue(string TaskId, int Attempt, TaskRecordStatus Outcome, string Message);

/// <summary>The expired attempts a janitor round ends.</summary>
/// <param name="Leases">Each attempt with the reason worded for it.</param>
public sealed record LeasesRescueParams(IReadOnlyList<LeaseRescue> Leases);

/// <summary>One overdue attempt to fail, with the reason worded for it (<see cref="LimitMessages.TaskTimedOut"/>).</summary>
public sealed record TaskTimeOut(string TaskId, int Attempt, string Message);

/// <summary>The overdue attempts a janitor round fails.</summary>
/// <param name="Tasks">Each attempt with the reason worded for it.</param>
public sealed record TasksTimeOutParams(IReadOnlyList<TaskTimeOut> Tasks);

/// <param name="JobId">Only this job; null for every live job.</param>
public sealed record JobsMissingNextStepParams(string? JobId = null);

/// <summary>Which listeners to wake when the transaction commits.</summary>
/// <param name="Wake">Tasks or control work became runnable.</param>
public sealed record WorkersWakeParams(WorkWake Wake);
