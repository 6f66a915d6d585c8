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
/// none throws for a row in another state. No step wakes listening workers on its own, whatever work it
/// creates: the engine's step asks for it (<see cref="WorkersWakeAsync"/>, delivered at commit) where the
/// outcome calls for it, so when workers wake is decided in one place (EngineSteps).
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
    /// <returns>Planned (with the task count and the tasks claimed) or skipped.</returns>
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
    /// <returns>The plan's state, and the tasks written.</returns>
    Task<StagePlanChunkOutcome> TasksPendingInsertAsync(TasksPendingInsertParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>Deletes up to the limit of the pending tasks an earlier, unfinished plan of an <see cref="StagePlanState.Unmarked"/> stage left.</summary>
    /// <returns>The plan's state, and the tasks deleted (fewer than the limit: none left).</returns>
    Task<StagePlanChunkOutcome> TasksPendingDiscardAsync(TasksPendingDiscardParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>
    /// Marks an <see cref="StagePlanState.Unmarked"/> stage planned: marks its job processing, inserts the stage
    /// row with its counts and tolerance, writes stage_planned. Its tasks stay pending until released.
    /// </summary>
    /// <returns>The plan's state afterwards (marked when this call marked it).</returns>
    Task<StagePlanChunkOutcome> StagePlanMarkAsync(StagePlanMarkParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>Makes up to the limit of a <see cref="StagePlanState.Marked"/> stage's pending tasks runnable (queued), in task id order.</summary>
    /// <returns>The plan's state, the tasks released and the last one's id (fewer than the limit: none left).</returns>
    Task<StagePlanChunkOutcome> TasksPendingReleaseAsync(TasksPendingReleaseParams parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes every plan in one transaction (IGeoStore.PlanChunkRows is null).");

    /// <summary>
    /// Enqueues <see cref="StageAdvanceParams.Next"/> with the stage_completed event, once: only while the
    /// stage has no task left, has not advanced before, and its job is live.
    /// </summary>
    /// <returns>Advanced, or not advanced (nothing written).</returns>
    Task<StageAdvanceStatus> StageAdvanceAsync(StageAdvanceParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the results of the tasks still queued or processing and counts them against their stages
    /// (each stage counter touched once); tasks in another state, or unknown, are left alone and left out.
    /// </summary>
    /// <returns>The tasks completed, and each stage counter touched with its value afterwards.</returns>
    Task<TaskCompleteManyOutcome> TaskCompleteManyAsync(TaskCompleteManyParams parameters, CancellationToken cancellationToken);

    /// <summary>The status of each task that exists among those asked for.</summary>
    /// <returns>Task id to status, for the tasks that exist.</returns>
    Task<IReadOnlyDictionary<string, TaskRecordStatus>> TaskStatusesAsync(TaskStatusesParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Schedules the held attempt's task again after its delay, if attempts remain; cancels it instead
    /// when its job ended meanwhile (the job read in the same statement, so a concurrent end is not missed).
    /// </summary>
    /// <returns>Scheduled, cancelled (job ended), or not scheduled (not the owner, or no attempt left); with the task's job, stage, attempt limit and due time for the audit event.</returns>
    Task<TaskRetryOutcome> TaskRetryScheduleAsync(TaskRetryScheduleParams parameters, CancellationToken cancellationToken);

    /// <summary>Marks the held attempt's task failed for good; null when the attempt does not hold it.</summary>
    /// <returns>The task failed, with its job and stage; null when the attempt does not hold it.</returns>
    Task<FailedTask?> TaskFailForGoodAsync(TaskFailForGoodParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one task failed for good against its stage's tolerance: within it, the failure counts toward
    /// the stage's completion; beyond it nothing changes and the outcome says how many were allowed.
    /// </summary>
    /// <returns>Tolerated or beyond, the stage's remaining count and its tolerance.</returns>
    Task<StageFailureOutcome> StageFailureCountAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>Ends a live job as failed or cancelled with its reason (compare-and-set on its status).</summary>
    /// <returns>Ended, or not live (nothing changed).</returns>
    Task<JobEndStatus> JobEndAsync(JobEndParams parameters, CancellationToken cancellationToken);

    /// <summary>Ends a processing job with its final status and result (compare-and-set on its status).</summary>
    /// <returns>Ended, or not live (nothing changed).</returns>
    Task<JobEndStatus> JobCompleteAsync(JobCompleteParams parameters, CancellationToken cancellationToken);

    /// <summary>Cancels the job's tasks that have not ended; how many.</summary>
    /// <returns>How many tasks were cancelled.</returns>
    Task<int> TasksCancelForJobAsync(JobRef parameters, CancellationToken cancellationToken);

    /// <summary>Removes control work items of a job; how many.</summary>
    /// <returns>How many items were removed.</returns>
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
    /// <returns>The stage the job stopped at; null when nothing changed.</returns>
    Task<int?> JobRetryStartAsync(JobRetryStartParams parameters, CancellationToken cancellationToken);

    /// <summary>The earliest of the job's stages that counted a tolerated failure; null when none did.</summary>
    /// <returns>The stage number; null when no stage tolerated a failure.</returns>
    Task<int?> StageFirstWithFailuresAsync(JobRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the job back to one of its stages: the stages after it are removed with their tasks (to
    /// be planned again), the stage's tolerated failures leave its counts and its advance is undone
    /// (so it advances again once they have run), and it becomes the job's current stage. How many
    /// tasks it removed.
    /// </summary>
    /// <returns>How many tasks of later stages were removed.</returns>
    Task<int> StageRewindAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>Takes the stage's tolerated failures out of its counts, so they run again.</summary>
    Task StageReopenFailuresAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Queues the stage's failed and cancelled tasks again with fresh attempts and the job's current
    /// task timeout; how many.
    /// </summary>
    /// <returns>How many tasks were queued again.</returns>
    Task<int> TasksRequeueForStageAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>The job as this transaction sees it.</summary>
    /// <returns>The job; null when there is none.</returns>
    Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the janitor's lock for this transaction. <see cref="JanitorLockStatus.HeldElsewhere"/> when
    /// another worker's round holds it (a store whose writers are serialised anyway may always acquire).
    /// </summary>
    /// <returns>Acquired, or held elsewhere.</returns>
    Task<JanitorLockStatus> JanitorLockAsync(CancellationToken cancellationToken);

    /// <summary>Attempts whose lease expired, locked for this transaction.</summary>
    /// <returns>Each expired attempt with its attempt limit, lease owner and whether its job ended; empty when none.</returns>
    Task<IReadOnlyList<ExpiredLease>> LeasesExpiredAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends each expired attempt (compare-and-set on its number) with the outcome the janitor step
    /// decided for it (<see cref="LeaseRescue.Outcome"/>: requeued, failed for good, or cancelled), and
    /// decides nothing itself, with one exception that needs the statement's atomicity: a task whose job
    /// has ended by the time the statement runs is cancelled whatever it was given (an ended job keeps
    /// no queued task; the job is read in the same statement, after the task row, so a job that ended
    /// after <see cref="LeasesExpiredAsync"/> read it is not missed). The tasks it changed, as they now are.
    /// </summary>
    /// <returns>The tasks changed, each with what became of it; an attempt no longer current is left out.</returns>
    /// <exception cref="ArgumentException">An outcome is not queued, failed or cancelled.</exception>
    Task<IReadOnlyList<RescuedTask>> LeasesRescueAsync(LeasesRescueParams parameters, CancellationToken cancellationToken);

    /// <summary>Running attempts past their task timeout, locked for this transaction.</summary>
    /// <returns>The overdue attempts; empty when none.</returns>
    Task<IReadOnlyList<OverdueTask>> TasksOverdueAsync(CancellationToken cancellationToken);

    /// <summary>Fails each overdue attempt's task for good (compare-and-set on the attempt); the tasks it changed.</summary>
    /// <returns>The tasks failed; an attempt no longer current is left out.</returns>
    Task<IReadOnlyList<FailedTask>> TasksTimeOutAsync(TasksTimeOutParams parameters, CancellationToken cancellationToken);

    /// <summary>Live jobs past their job timeout.</summary>
    /// <returns>The overdue jobs with their timeouts; empty when none.</returns>
    Task<IReadOnlyList<OverdueJob>> JobsOverdueAsync(CancellationToken cancellationToken);

    /// <summary>Live jobs (all, or one) with no pending control work and no unfinished task: each needs its next step.</summary>
    /// <returns>Each such job with its current stage and whether that stage completed; empty when none.</returns>
    Task<IReadOnlyList<MissingStep>> JobsMissingNextStepAsync(JobsMissingNextStepParams parameters, CancellationToken cancellationToken);

    /// <summary>Wakes listening workers when the transaction commits: new work of this kind may be runnable.</summary>
    Task WorkersWakeAsync(WorkersWakeParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Hands tasks back to the queue without counting the attempt (a stopping worker's claimed but
    /// unfinished tasks); a task whose job has ended is cancelled instead (the job read in the same
    /// statement, so an ended job keeps no queued task). Each task the given attempt still held, with its
    /// job, stage and new status (queued or cancelled); an attempt that no longer holds its task is left
    /// alone and left out.
    /// </summary>
    Task<IReadOnlyList<ReleasedTask>> TasksReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the task an attempt holds because its job ended (while it ran, or before it started);
    /// hands it back instead if the job was retried meanwhile (<see cref="TaskCancelStatus.Requeued"/>).
    /// </summary>
    Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken);
}
