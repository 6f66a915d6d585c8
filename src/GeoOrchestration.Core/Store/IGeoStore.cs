using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Store;

/// <summary>
/// The database, in the engine's terms: a store persists and answers; the engine decides. Reads and
/// single-statement steps (submit, claim, renew, release) are methods here; the flow's compound steps
/// (complete, fail, plan, cancel, retry, finalize, the janitor) are the engine's
/// (<see cref="Engine.EngineSteps"/>), composed of <see cref="IGeoStoreTransaction"/> steps run in one of
/// the store's transactions (<see cref="ExecuteAsync"/>). Every message a step needs (the next work
/// item, a wake-up) is written in that step's transaction. One conformance suite runs against every
/// implementation. Every method takes one params record (or none), so a new field breaks no store.
/// </summary>
/// <remarks>
/// The engine hands a store only text every store can hold (<see cref="StorableText"/>: no NUL, no
/// lone surrogate, in strings and JSON alike): input holding such text is refused, data holding it
/// fails its task or job, diagnostics are escaped. A store need not check it, and all stores agree.
/// Waking idle workers when work arrives is a capability a store may lack (<see cref="IGeoStoreWakeUps"/>):
/// workers then find work by their fallback poll.
/// <para>Any method may throw <see cref="Errors.GeoStoreUnavailableException"/> (the store could not be
/// reached, or kept failing transiently after its retries) and <see cref="Errors.GeoConfigurationException"/>
/// (schema not deployed or out of date, a login refused, a file this user may not write, a store gone bad).</para>
/// </remarks>
public partial interface IGeoStore : IAsyncDisposable
{
    /// <summary>
    /// Brings the schema up to this build's version: idempotent, serialised between deployers,
    /// refusing history that differs from the shipped migrations. A dry run reports what would run.
    /// </summary>
    /// <returns>Each migration of this build and whether it is applied.</returns>
    /// <exception cref="Errors.GeoConfigurationException">The recorded history differs from this build's migrations.</exception>
    Task<SchemaDeployResult> SchemaDeployAsync(SchemaDeployParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses a schema this build cannot work with, changing nothing: throws a
    /// <see cref="Errors.GeoConfigurationException"/> when it is not deployed, lacks migrations, or
    /// its history differs from this build's. Cheap enough to call at every worker start.
    /// </summary>
    Task SchemaCheckAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it; the store retries the whole
    /// of it on a transient error (a serialization failure, a busy file), so the work must depend only
    /// on what it reads through the transaction. Nothing is committed when it throws.
    /// </summary>
    /// <remarks>
    /// A long write must not cost other workers their leases: a store whose write keeps lease
    /// renewals from committing (SQLite's one writer per file) gives the time it held them off back
    /// to the leases still running when it began, before it commits, so the janitor never sees a
    /// lease lapsed for want of a renewal the store itself refused.
    /// </remarks>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <returns>What the work returned, once committed.</returns>
    Task<T> ExecuteAsync<T>(Func<IGeoStoreTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// How many tasks this store writes per transaction when it plans a large stage; null (the default)
    /// when it writes any plan in one transaction. A store sets it when one long plan transaction would
    /// keep every other worker's claims, completions and renewals waiting (SQLite's single write lock);
    /// a store whose plan blocks no other row's writes (PostgreSQL) leaves it null. A stage of more
    /// tasks than this is planned by <see cref="Engine.EngineSteps.StagePlanAsync"/> in bounded
    /// transactions (tasks written pending, the stage marked planned, the tasks released in batches).
    /// </summary>
    int? PlanChunkRows => null;

    /// <summary>Inserts the job and its "plan stage 1" work item, or returns the existing job.</summary>
    /// <returns>The job, and whether this call created it (false: an equal job existed, returned as it is).</returns>
    /// <remarks>
    /// A store with wake-ups (<see cref="IGeoStoreWakeUps"/>) wakes idle workers for a new job as it
    /// commits: submission is a single statement outside the engine's transaction steps, the one write
    /// that wakes on its own (every other wake-up is asked for by an engine step, <see cref="IGeoStoreTransaction.WorkersWakeAsync"/>).
    /// </remarks>
    Task<SubmitResult> JobSubmitAsync(JobSubmitParams parameters, CancellationToken cancellationToken);

    /// <summary>One job by its whole id.</summary>
    /// <returns>The job; null when there is none.</returns>
    Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of jobs whose id starts with <see cref="JobFindParams.Prefix"/>, in id order, at most
    /// <see cref="JobFindParams.Limit"/>: a range scan of the primary key.
    /// </summary>
    /// <returns>Whole job ids, in id order; empty when none starts so.</returns>
    Task<IReadOnlyList<string>> JobFindAsync(JobFindParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// A page of jobs, newest first (then by id), filtered by status, type, creation time and request, from
    /// <see cref="JobListParams.Before"/> (exclusive), at most <see cref="JobListParams.Limit"/>.
    /// </summary>
    /// <returns>The page; empty when nothing matches.</returns>
    Task<IReadOnlyList<JobRecord>> JobListAsync(JobListParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// A page of a job's tasks in stage and plan order, from <see cref="TaskListParams.From"/>
    /// (exclusive), optionally of one stage and one status, at most <see cref="TaskListParams.Limit"/>:
    /// an index seek per page however large the job, so a listing reads page by page in constant memory.
    /// </summary>
    /// <returns>The page; shorter than the limit (or empty) at the end.</returns>
    Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken);

    /// <summary>How many jobs <see cref="JobListAsync"/> would page through with the same filters (a listing's total).</summary>
    /// <returns>The count, 0 or more.</returns>
    Task<long> JobCountAsync(JobCountParams parameters, CancellationToken cancellationToken);

    /// <summary>How many tasks of a job <see cref="TaskListAsync"/> would page through with the same stage and status (a listing's total).</summary>
    /// <returns>The count, 0 or more.</returns>
    Task<long> TaskCountAsync(TaskCountParams parameters, CancellationToken cancellationToken);

    /// <summary>One task by its id; null when there is none.</summary>
    /// <returns>The task; null when there is none.</returns>
    Task<TaskRecord?> TaskGetAsync(TaskGetParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <see cref="WorkClaimParams.Limit"/> work items: control work first, then tasks.
    /// Also tells, by the store's own clock, how long until the next task scheduled for later falls due.
    /// </summary>
    /// <returns>The items claimed (possibly none), and until when the next delayed task falls due.</returns>
    Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken);

    /// <summary>The results of a completed stage, in plan order, with the failures it tolerated (<see cref="StageResults.Failures"/>).</summary>
    /// <returns>The completed tasks' results, and the tolerated failures.</returns>
    Task<StageResults> StageResultsAsync(StageRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// One page of a completed stage's results in plan order, from <see cref="StageResultsPageParams.After"/>
    /// (exclusive), at most <see cref="StageResultsPageParams.Limit"/>: a keyset seek per page (never an
    /// OFFSET), so reading a stage of a million results page by page costs each page what the first
    /// costs and holds one page in memory. Pages read one after another cover every completed task's
    /// result exactly once, in the order <see cref="StageResultsAsync"/> gives them; the stage's tolerated
    /// failures are not results (read them with <see cref="TaskFailuresAsync"/>). The engine reads the
    /// previous stage of a fan-out stage this way while it plans, possibly while a write transaction of
    /// the same store is open: the read must not wait for it (SQLite: a WAL reader on a connection of its
    /// own; PostgreSQL: a connection from a pool that planning transactions do not hold).
    /// </summary>
    /// <remarks>
    /// The default reads the whole stage (<see cref="StageResultsAsync"/>) and returns the results after
    /// position <see cref="StageResultsPageParams.After"/> in one page, whatever the limit, with no next
    /// page: a store without a paged read plans as it did before this read existed, in memory. Both
    /// stores here override it.
    /// </remarks>
    /// <returns>The page; <see cref="StageResultsPage.Next"/> is null on the last one (shorter than the limit, or empty).</returns>
    async Task<StageResultsPage> StageResultsPageAsync(StageResultsPageParams parameters, CancellationToken cancellationToken)
    {
        var whole = await StageResultsAsync(new StageRef(parameters.JobId, parameters.Stage), cancellationToken);
        return new StageResultsPage(whole.Skip(parameters.After is { } after ? after + 1 : 0).ToList(), Next: null, ResultChars: 0);
    }

    /// <summary>
    /// The tasks of a job that failed for good, in stage and plan order, with their parameters and
    /// errors: the failures its stages tolerated (see <see cref="StagePlanParams.Tolerance"/>), and
    /// for a failed job the one that failed it.
    /// </summary>
    /// <remarks>
    /// The default reads all the job's tasks (O(tasks)) so that every store answers correctly; a
    /// store overrides it with a read of an index of failed tasks (O(failures)).
    /// </remarks>
    /// <returns>The failures, in stage and plan order; empty when none.</returns>
    async Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(JobRef parameters, CancellationToken cancellationToken) =>
        (await TaskListAsync(new TaskListParams(parameters.JobId, Limit: int.MaxValue), cancellationToken))
            .Where(t => t.Status == TaskRecordStatus.Failed)
            .Select(t => new StageFailure(t.TaskId, t.TaskKey, t.Stage, t.ErrorType ?? "", t.ErrorMessage ?? "", t.Parameters))
            .ToList();

    /// <summary>How many tasks each planned stage of a job has (index 0 is stage 1), without reading their results.</summary>
    /// <returns>One count per planned stage, index 0 for stage 1.</returns>
    Task<IReadOnlyList<int>> StageTaskCountsAsync(JobRef parameters, CancellationToken cancellationToken);

    /// <summary>
    /// The counter of each job's given stage (<see cref="JobProgressRef.Stage"/>) with, for a live job,
    /// the progress its processing tasks last reported (<see cref="StageProgress.Running"/>); a job
    /// whose stage is not planned is left out. For job listings, so it must stay cheap: a primary-key
    /// read of the stage counter per job, and the processing tasks through the lease index, never a
    /// scan of a stage's tasks.
    /// </summary>
    /// <remarks>The default reads each job's stage list, without the running tasks' progress; both stores override it.</remarks>
    /// <returns>The counts of each job whose stage is planned, in no particular order.</returns>
    async Task<IReadOnlyList<JobStageProgress>> JobProgressAsync(JobProgressParams parameters, CancellationToken cancellationToken)
    {
        var found = new List<JobStageProgress>();
        foreach (var job in parameters.Jobs)
            if ((await StageListAsync(new StageListParams(job.JobId), cancellationToken)).FirstOrDefault(s => s.Stage == job.Stage) is { } stage)
                found.Add(new JobStageProgress(job.JobId, new StageProgress(stage.Stage, stage.TaskCount, stage.Remaining)));
        return found;
    }

    /// <summary>
    /// When a worker last left a mark on the store (a claim, a lease renewal, a control item it
    /// holds, a stage or job event), so a front end can tell a user waiting on a job that nobody
    /// runs it. Null when the store cannot tell (the default).
    /// </summary>
    /// <returns>The store's clock and the last mark; null when the store cannot tell.</returns>
    Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) => Task.FromResult<WorkerActivity?>(null);

    /// <summary>
    /// Work that other workers hold leases on (<see cref="LeasesElsewhere"/>): what an idle worker
    /// must still count as work that may come back, since a holder that died leaves it to expire.
    /// Read through the lease indexes (processing tasks, leased control items), never the whole table.
    /// </summary>
    /// <returns>What others hold; <see cref="LeasesElsewhere.None"/> when nothing.</returns>
    Task<LeasesElsewhere> LeasesElsewhereAsync(LeasesElsewhereParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Renews the leases of the tasks a worker holds and stores their progress, in one statement. An
    /// attempt that no longer holds its task is left out of the result and changes nothing.
    /// </summary>
    /// <returns>The tasks whose leases were renewed, each with its job's status (an ended job tells the worker to stop).</returns>
    Task<IReadOnlyList<LeaseRenewal>> LeaseRenewAsync(LeaseRenewParams parameters, CancellationToken cancellationToken);

    /// <summary>A job's planned stages in stage order, with their counters (none before stage 1 is planned).</summary>
    /// <returns>The stages; empty before stage 1 is planned or for an unknown job.</returns>
    Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken);

    /// <summary>Pending control work items (plan, finalize), of one job or of all, by job then kind then stage.</summary>
    /// <returns>The items; empty when none is pending.</returns>
    Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// The latest run of a request: its job with the highest <see cref="JobRecord.Run"/>, or null when
    /// the request has none (never submitted, or every run removed). An index seek.
    /// </summary>
    /// <returns>The latest run; null when the request has none.</returns>
    Task<JobRecord?> JobLatestRunAsync(JobLatestRunParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an ended job with its stages, tasks, events and work items, in one transaction;
    /// compare-and-set on the job having ended. <see cref="JobChangeStatus.WrongStatus"/> (nothing
    /// deleted) for a live job, and for an ended one whose task some handler still runs (a cancelled
    /// job's handlers stop at their next heartbeat); <see cref="JobChangeOutcome.Job"/> is the job as
    /// it was, <see cref="JobChangeOutcome.TasksAffected"/> the tasks deleted (or still running).
    /// </summary>
    /// <returns>Changed (deleted), not found, or wrong status (nothing deleted).</returns>
    Task<JobChangeOutcome> JobDeleteAsync(JobDeleteParams parameters, CancellationToken cancellationToken);
}
