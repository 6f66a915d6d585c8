using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Store;

/// <summary>
/// The database, in the engine's terms. Each method is one atomic step of the flow; every message
/// a step needs (the next work item, a wake-up) is written in that step's transaction. One
/// conformance suite runs against every implementation.
/// </summary>
/// <remarks>
/// The engine hands a store only text every store can hold (<see cref="StorableText"/>: no NUL, no
/// lone surrogate, in strings and JSON alike): input holding such text is refused, data holding it
/// fails its task or job, diagnostics are escaped. A store need not check it, and all stores agree.
/// </remarks>
public interface IGeoStore : IAsyncDisposable
{
    /// <summary>The schema this store works in.</summary>
    SchemaName Schema { get; }

    /// <summary>
    /// Brings the schema up to this build's version: idempotent, serialised between deployers,
    /// refusing history that differs from the shipped migrations. A dry run reports what would run.
    /// </summary>
    Task<SchemaDeployResult> SchemaDeployAsync(bool dryRun, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses a schema this build cannot work with, changing nothing: throws a
    /// <see cref="Errors.GeoConfigurationException"/> when it is not deployed, lacks migrations, or
    /// its history differs from this build's. Cheap enough to call at every worker start.
    /// </summary>
    Task SchemaCheckAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the job and its "plan stage 1" work item, or returns the existing job.</summary>
    Task<SubmitResult> JobSubmitAsync(JobSubmitParams parameters, CancellationToken cancellationToken);

    Task<JobRecord?> JobGetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of jobs whose id starts with <see cref="JobFindParams.Prefix"/>, in id order, at most
    /// <see cref="JobFindParams.Limit"/>: a range scan of the primary key.
    /// </summary>
    Task<IReadOnlyList<string>> JobFindAsync(JobFindParams parameters, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRecord>> JobListAsync(JobListParams parameters, CancellationToken cancellationToken);

    Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <see cref="WorkClaimParams.Limit"/> work items: control work first, then tasks.
    /// Also tells, by the store's own clock, how long until the next task scheduled for later falls due.
    /// </summary>
    Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken);

    /// <summary>Inserts a stage's tasks and its counter, makes them runnable, and removes the plan item.</summary>
    Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken);

    /// <summary>The results of a completed stage, in plan order, with the failures it tolerated (<see cref="StageResults.Failures"/>).</summary>
    Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken);

    /// <summary>
    /// The tasks of a job that failed for good, in stage and plan order, with their parameters and
    /// errors: the failures its stages tolerated (see <see cref="StagePlanParams.Tolerance"/>), and
    /// for a failed job the one that failed it.
    /// </summary>
    /// <remarks>
    /// The default reads all the job's tasks (O(tasks)) so that every store answers correctly; a
    /// store overrides it with a read of an index of failed tasks (O(failures)).
    /// </remarks>
    async Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(string jobId, CancellationToken cancellationToken) =>
        (await TaskListAsync(new TaskListParams(jobId, Limit: int.MaxValue), cancellationToken))
            .Where(t => t.Status == TaskRecordStatus.Failed)
            .Select(t => new StageFailure(t.TaskId, t.TaskKey, t.Stage, t.ErrorType ?? "", t.ErrorMessage ?? "", t.Parameters))
            .ToList();

    /// <summary>How many tasks each planned stage of a job has (index 0 is stage 1), without reading their results.</summary>
    Task<IReadOnlyList<int>> StageTaskCountsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Each planned stage's task count and how many of its tasks are not completed yet, in stage
    /// order, read from the stage counters (O(stages), whatever their size).
    /// </summary>
    /// <remarks>Derived from <see cref="StageListAsync"/>, which every store answers from its stage rows.</remarks>
    async Task<IReadOnlyList<StageProgress>> StageProgressAsync(string jobId, CancellationToken cancellationToken) =>
        (await StageListAsync(new StageListParams(jobId), cancellationToken))
            .Select(s => new StageProgress(s.Stage, s.TaskCount, s.Remaining)).ToList();

    /// <summary>
    /// When a worker last left a mark on the store (a claim, a lease renewal, a control item it
    /// holds, a stage or job event), so a front end can tell a user waiting on a job that nobody
    /// runs it. Null when the store cannot tell (the default).
    /// </summary>
    Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) => Task.FromResult<WorkerActivity?>(null);

    /// <summary>Stores a result and counts it against its stage; the last one enqueues the next step.</summary>
    Task<TaskCompleteOutcome> TaskCompleteAsync(TaskCompleteParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Completes many tasks in one transaction, touching each stage counter once; outcomes come back
    /// in the order given. Completing a task twice (in one batch or across batches) counts once.
    /// </summary>
    Task<IReadOnlyList<TaskCompleteOutcome>> TaskCompleteBatchAsync(IReadOnlyList<TaskCompleteParams> completions, CancellationToken cancellationToken);

    /// <summary>
    /// Schedules a retry, or fails the task and its job and cancels the job's other tasks; only for
    /// the attempt that still holds the task (compare-and-set on lease owner and attempt).
    /// </summary>
    Task<TaskFailOutcome> TaskFailAsync(TaskFailParams parameters, CancellationToken cancellationToken);

    /// <summary>Ends a processing job with its result and removes the finalize item.</summary>
    Task<bool> JobFinalizeAsync(JobFinalizeParams parameters, CancellationToken cancellationToken);

    /// <summary>Fails a job for a reason outside any task (a planner that broke its contract).</summary>
    Task<bool> JobFailAsync(string jobId, string error, CancellationToken cancellationToken);

    /// <summary>Removes a control work item whose job no longer needs it.</summary>
    Task WorkDropAsync(WorkItem item, CancellationToken cancellationToken);

    /// <summary>
    /// Renews the leases of the tasks a worker holds and stores their progress, in one statement. An
    /// attempt that no longer holds its task is left out of the result and changes nothing.
    /// </summary>
    Task<IReadOnlyList<LeaseRenewal>> LeaseRenewAsync(LeaseRenewParams parameters, CancellationToken cancellationToken);

    /// <summary>Hands tasks back to the queue without counting the attempt (graceful shutdown); returns how many this worker still held.</summary>
    Task<int> TaskReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the task an attempt holds because its job ended (while it ran, or before it started);
    /// hands it back instead if the job was retried meanwhile.
    /// </summary>
    Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken);

    /// <summary>Cancels a queued or processing job and its queued tasks; running handlers notice at their next heartbeat.</summary>
    Task<JobChangeOutcome> JobCancelAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>Returns a failed or cancelled job to processing, requeueing the failed and cancelled tasks of its stage.</summary>
    Task<JobChangeOutcome> JobRetryAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>One janitor round under the janitor lock; null when another worker holds it.</summary>
    Task<JanitorReport?> JanitorRunAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onWork"/> whenever new work may be available, until disposed. Listen
    /// before claiming, so a notification between a claim and the following wait is not lost.
    /// </summary>
    Task<IAsyncDisposable> WorkListenAsync(Action onWork, CancellationToken cancellationToken);

    /// <summary>A job's audit events in the order they were written, optionally of one kind and/or stage.</summary>
    Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken);

    /// <summary>A job's planned stages in stage order, with their counters (none before stage 1 is planned).</summary>
    Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken);

    /// <summary>Pending control work items (plan, finalize), of one job or of all, by job then kind then stage.</summary>
    Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken);
}
