using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>
/// The steps a store persists inside one of its transactions (<see cref="IGeoStore.ExecuteAsync"/>).
/// Each step does one thing to the rows and reports what it found; what follows from that (fail the
/// job, cancel its tasks, advance the stage, repair a missing step) is the engine's decision, taken in
/// <see cref="Engine.EngineSteps"/>, so every store follows the same rules.
/// </summary>
/// <remarks>
/// Steps that change a row check its state first (compare-and-set) and say whether they changed it;
/// none throws for a row in another state. Steps that create runnable work wake listening workers
/// when the transaction commits (PostgreSQL: NOTIFY in the same statement); <see cref="WorkersWakeAsync"/>
/// asks for it where a step cannot tell.
/// </remarks>
public interface IGeoStoreTransaction
{
    /// <summary>
    /// Starts a stage (marks its job processing and inserts the stage row), writes its tasks, resolves its
    /// tolerance against their number, removes the plan item and records stage_planned; with
    /// <see cref="StagePlanParams.ClaimFor"/>, claims the first tasks. <see cref="StagePlanStatus.Skipped"/>
    /// when the job is not live or the stage was planned before; nothing is written then.
    /// </summary>
    /// <exception cref="Errors.ContractViolationException">Two tasks share a key.</exception>
    Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken);

    // The steps of a chunked plan (EngineSteps.StagePlanAsync takes them for a stage larger than
    // IGeoStore.PlanChunkRows). A store that writes any plan in one transaction (PlanChunkRows null)
    // is never asked for them. Each step first reads the plan's state under the store's write lock
    // (job live, plan item still held, stage row present or not) and writes only in the state it needs.

    /// <summary>
    /// Writes one chunk of a stage's tasks as <c>pending</c> (no worker claims them, no reader counts
    /// them as planned) while the stage is <see cref="StagePlanState.Unmarked"/>; otherwise writes nothing.
    /// </summary>
    /// <exception cref="Errors.ContractViolationException">Two tasks share a key.</exception>
    Task<StagePlanChunkOutcome> TasksPendingInsertAsync(TasksPendingInsertParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>Deletes up to the limit of the pending tasks an earlier, unfinished plan of an <see cref="StagePlanState.Unmarked"/> stage left.</summary>
    Task<StagePlanChunkOutcome> TasksPendingDiscardAsync(TasksPendingDiscardParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>
    /// Marks an <see cref="StagePlanState.Unmarked"/> stage planned: marks its job processing, inserts the stage
    /// row with its counts and tolerance, writes stage_planned. Its tasks stay pending until released.
    /// </summary>
    Task<StagePlanChunkOutcome> StagePlanMarkAsync(StagePlanMarkParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>Makes up to the limit of a <see cref="StagePlanState.Marked"/> stage's pending tasks runnable (queued), in task id order.</summary>
    Task<StagePlanChunkOutcome> TasksPendingReleaseAsync(TasksPendingReleaseParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>
    /// Enqueues <see cref="StageAdvanceParams.Next"/> with the stage_completed event, once: only while the
    /// stage has no task left, has not advanced before, and its job is live.
    /// </summary>
    Task<StageAdvanceStatus> StageAdvanceAsync(StageAdvanceParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the results of the tasks still queued or processing and counts them against their stages
    /// (each stage counter touched once); tasks in another state, or unknown, are left alone and left out.
    /// </summary>
    Task<TaskCompleteManyOutcome> TaskCompleteManyAsync(TaskCompleteManyParams parameters, CancellationToken cancellationToken);

    /// <summary>The status of each task that exists among those asked for.</summary>
    Task<IReadOnlyDictionary<string, TaskRecordStatus>> TaskStatusesAsync(TaskStatusesParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Schedules the held attempt's task again after its delay, if attempts remain; cancels it instead
    /// when its job ended meanwhile (the job read in the same statement, so a concurrent end is not missed).
    /// </summary>
    Task<TaskRetryStatus> TaskRetryScheduleAsync(TaskRetryScheduleParams parameters, CancellationToken cancellationToken);

    /// <summary>Marks the held attempt's task failed for good; null when the attempt does not hold it.</summary>
    Task<FailedTask?> TaskFailForGoodAsync(TaskFailForGoodParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one task failed for good against its stage's tolerance: within it, the failure counts toward
    /// the stage's completion; beyond it nothing changes and the outcome says how many were allowed.
    /// </summary>
    Task<StageFailureOutcome> StageFailureCountAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>Ends a live job as failed or cancelled with its reason (compare-and-set on its status).</summary>
    Task<JobEndStatus> JobEndAsync(JobEndParams parameters, CancellationToken cancellationToken);

    /// <summary>Ends a processing job with its final status and result (compare-and-set on its status).</summary>
    Task<JobEndStatus> JobCompleteAsync(JobCompleteParams parameters, CancellationToken cancellationToken);

    /// <summary>Cancels the job's tasks that have not ended; how many.</summary>
    Task<int> TasksCancelForJobAsync(JobRef parameters, CancellationToken cancellationToken);

    /// <summary>Removes control work items of a job; how many.</summary>
    Task<int> WorkDeleteAsync(WorkDeleteParams parameters, CancellationToken cancellationToken);

    /// <summary>Enqueues a control work item, unless the same one is pending.</summary>
    Task WorkEnqueueAsync(WorkEnqueueParams parameters, CancellationToken cancellationToken);

    /// <summary>Appends an audit event.</summary>
    Task JobEventInsertAsync(JobEventInsertParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Returns an ended job to processing (compare-and-set on <see cref="JobRetryStartParams.Expected"/>),
    /// clearing its result and error, replacing the timeouts given and starting its job timeout again
    /// from now; the stage it stopped at, or null when it was in another state or not found.
    /// </summary>
    Task<int?> JobRetryStartAsync(JobRetryStartParams parameters, CancellationToken cancellationToken);

    /// <summary>The earliest of the job's stages that counted a tolerated failure; null when none did.</summary>
    Task<int?> StageFirstWithFailuresAsync(JobRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the job back to one of its stages: the stages after it are removed with their tasks (to
    /// be planned again), the stage's tolerated failures leave its counts and its advance is undone
    /// (so it advances again once they have run), and it becomes the job's current stage. How many
    /// tasks it removed.
    /// </summary>
    Task<int> StageRewindAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>Takes the stage's tolerated failures out of its counts, so they run again.</summary>
    Task StageReopenFailuresAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Queues the stage's failed and cancelled tasks again with fresh attempts and the job's current
    /// task timeout; how many.
    /// </summary>
    Task<int> TasksRequeueForStageAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>The job as this transaction sees it.</summary>
    Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the janitor's lock for this transaction. <see cref="JanitorLockStatus.HeldElsewhere"/> when
    /// another worker's round holds it (a store whose writers are serialised anyway may always acquire).
    /// </summary>
    Task<JanitorLockStatus> JanitorLockAsync(CancellationToken cancellationToken);

    /// <summary>Attempts whose lease expired, locked for this transaction.</summary>
    Task<IReadOnlyList<ExpiredLease>> LeasesExpiredAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends each expired attempt (compare-and-set on its number): its task is requeued, failed for good
    /// when it had no attempt left, or cancelled when its job ended. The tasks it changed.
    /// </summary>
    Task<IReadOnlyList<RescuedTask>> LeasesRescueAsync(LeasesRescueParams parameters, CancellationToken cancellationToken);

    /// <summary>Running attempts past their task timeout, locked for this transaction.</summary>
    Task<IReadOnlyList<OverdueTask>> TasksOverdueAsync(CancellationToken cancellationToken);

    /// <summary>Fails each overdue attempt's task for good (compare-and-set on the attempt); the tasks it changed.</summary>
    Task<IReadOnlyList<FailedTask>> TasksTimeOutAsync(TasksTimeOutParams parameters, CancellationToken cancellationToken);

    /// <summary>Live jobs past their job timeout.</summary>
    Task<IReadOnlyList<OverdueJob>> JobsOverdueAsync(CancellationToken cancellationToken);

    /// <summary>Live jobs (all, or one) with no pending control work and no unfinished task: each needs its next step.</summary>
    Task<IReadOnlyList<MissingStep>> JobsMissingNextStepAsync(JobsMissingNextStepParams parameters, CancellationToken cancellationToken);

    /// <summary>Wakes listening workers when the transaction commits: new work of this kind may be runnable.</summary>
    Task WorkersWakeAsync(WorkersWakeParams parameters, CancellationToken cancellationToken);
}
