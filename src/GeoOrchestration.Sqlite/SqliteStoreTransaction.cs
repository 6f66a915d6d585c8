using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The engine's steps (<see cref="IGeoStoreTransaction"/>) on one SQLite write transaction, begun with
/// BEGIN IMMEDIATE (see <see cref="SqliteDatabase.WriteAsync"/>). Statements are calls into the
/// library, not round trips, so rows are changed one statement each where PostgreSQL takes arrays.
/// </summary>
internal sealed partial class SqliteStoreTransaction(SqliteStore store, SqliteConnection connection, SqliteTransaction transaction) : IGeoStoreTransaction
{
    // SQLITE_CONSTRAINT_PRIMARYKEY: two planned tasks with one id, i.e. one key twice in a stage.
    private const int PrimaryKeyViolation = 1555;

    /// <summary>
    /// An engine step asked for a wake-up (<see cref="WorkersWakeAsync"/>): listeners in this process are
    /// woken after the commit. No step of this class sets it on its own.
    /// </summary>
    public bool Wakes { get; private set; }

    /// <summary>The store's clock, for a statement that reads it (see <see cref="SqliteStore.Clock"/>).</summary>
    private (string Name, object? Value) Clock => store.Clock;

    private SqliteCommand Command(string query, params (string Name, object? Value)[] parameters) =>
        store.Command(query, connection, transaction, parameters);

    private async Task<int> NonQueryAsync(string query, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(query, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<T>> RowsAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
            return rows;
        }
    }

    public Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken) =>
        PlanAsync(parameters, cancellationToken);

    private async Task<StagePlanOutcome> PlanAsync(StagePlanParams parameters, CancellationToken cancellationToken)
    {
        var (jobId, stage) = (parameters.JobId, parameters.Stage);
        long? taskTimeout = null;
        var live = false;
        await using (var mark = Command("JobMarkProcessing", Clock, ("job_id", jobId), ("stage", stage)))
        await using (var reader = await mark.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken))
            {
                live = true;
                taskTimeout = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            }
        var inserted = false;
        if (live)
            await using (var insert = Command("StageInsert", Clock, ("job_id", jobId), ("stage", stage)))
                inserted = await insert.ExecuteScalarAsync(cancellationToken) is not null;
        if (!inserted) return new StagePlanOutcome(StagePlanStatus.Skipped, 0, StageCompleted: false);

        var count = InsertTasks("TasksInsert", jobId, stage, taskTimeout, 0, parameters.Tasks, cancellationToken);
        await NonQueryAsync("StagePlanFinish", cancellationToken, Clock, ("job_id", jobId), ("stage", stage), ("task_count", count),
            ("failures_allowed", parameters.Tolerance?.AllowedFor(count) ?? 0));
        await JobEventInsertAsync(new JobEventInsertParams(jobId, stage, JobEventKind.StagePlanned, new JsonObject { ["tasks"] = count }), cancellationToken);
        await WorkDeleteAsync(new WorkDeleteParams(jobId, WorkKind.PlanStage, stage), cancellationToken);
        IReadOnlyList<WorkItem> claimed = parameters.ClaimFor is { } claim && count > 0
            ? await store.ClaimTasksAsync(connection, transaction, claim, claim.Limit, store.Now(), cancellationToken)
            : [];
        return new StagePlanOutcome(StagePlanStatus.Planned, count, StageCompleted: count == 0) { Claimed = claimed };
    }

    /// <summary>
    /// Streams <paramref name="tasks"/> through one prepared statement of <paramref name="query"/> (a
    /// whole small stage, or one chunk of a large one), numbering them from <paramref name="firstOrdinal"/>,
    /// so a million-task stage never sits in memory; returns how many were written. The task id key is
    /// the plan's uniqueness check: the task whose insert it refuses is the one whose key came again.
    /// </summary>
    private int InsertTasks(string query, string jobId, int stage, long? taskTimeout, int firstOrdinal, IEnumerable<PlannedTask> tasks,
        CancellationToken cancellationToken)
    {
        var ordinal = firstOrdinal;
        using var insert = Command(query, Clock, ("job_id", jobId), ("stage", stage), ("timeout", taskTimeout),
            ("task_id", ""), ("ordinal", 0), ("task_key", ""), ("task_type", ""), ("parameters", ""), ("max_attempts", 1));
        insert.Prepare();
        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            insert.Parameters["@task_id"].Value = task.TaskId;
            insert.Parameters["@ordinal"].Value = ordinal++;
            insert.Parameters["@task_key"].Value = task.TaskKey;
            insert.Parameters["@task_type"].Value = task.TaskType;
            insert.Parameters["@parameters"].Value = CanonicalJson.SerializeToString(task.Parameters);
            insert.Parameters["@max_attempts"].Value = task.MaxAttempts;
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == PrimaryKeyViolation)
            {
                throw TaskKeyConflict.Refusal(jobId, stage, task.TaskKey, e);
            }
        }
        return ordinal - firstOrdinal;
    }

    public async Task<StageAdvanceStatus> StageAdvanceAsync(StageAdvanceParams parameters, CancellationToken cancellationToken)
    {
        await using (var advance = Command("StageAdvance", Clock, ("job_id", parameters.JobId), ("stage", parameters.Stage)))
            if (await advance.ExecuteScalarAsync(cancellationToken) is null) return StageAdvanceStatus.NotAdvanced;
        await WorkEnqueueAsync(new WorkEnqueueParams(parameters.JobId, parameters.Next), cancellationToken);
        await JobEventInsertAsync(new JobEventInsertParams(parameters.JobId, parameters.Stage, JobEventKind.StageCompleted), cancellationToken);
        return StageAdvanceStatus.Advanced;
    }

    public async Task<TaskCompleteManyOutcome> TaskCompleteManyAsync(TaskCompleteManyParams parameters, CancellationToken cancellationToken)
    {
        // Each task row is updated on its own; the counter of each stage is then touched once per
        // batch. The status guard keeps a task from counting twice, within one batch or across batches.
        var completed = new List<CompletedTask>(parameters.Completions.Count);
        await using (var complete = Command("TaskComplete", Clock, ("task_id", ""), ("result", null)))
        {
            foreach (var completion in parameters.Completions)
            {
                complete.Parameters["@task_id"].Value = completion.TaskId;
                complete.Parameters["@result"].Value = completion.Result is null ? DBNull.Value : CanonicalJson.SerializeToString(completion.Result);
                await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                    completed.Add(new CompletedTask(completion.TaskId, reader.GetString(0), reader.GetInt32(1)));
            }
        }
        var stages = new List<StageCount>();
        foreach (var group in completed.GroupBy(c => (c.JobId, c.Stage)))
        {
            await using var count = Command("StageCount", Clock, ("job_id", group.Key.JobId), ("stage", group.Key.Stage), ("n", group.Count()));
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                stages.Add(new StageCount(group.Key.JobId, group.Key.Stage, reader.GetInt32(0), reader.GetInt32(1)));
        }
        return new TaskCompleteManyOutcome(completed, stages);
    }

    public async Task<IReadOnlyDictionary<string, TaskRecordStatus>> TaskStatusesAsync(TaskStatusesParams parameters, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, TaskRecordStatus>(StringComparer.Ordinal);
        await using var status = Command("TaskStatus", ("task_id", ""));
        foreach (var taskId in parameters.TaskIds)
        {
            status.Parameters["@task_id"].Value = taskId;
            if (await status.ExecuteScalarAsync(cancellationToken) is string name) statuses[taskId] = StatusNames.ParseTask(name);
        }
        return statuses;
    }

    public async Task<TaskRetryOutcome> TaskRetryScheduleAsync(TaskRetryScheduleParams parameters, CancellationToken cancellationToken)
    {
        await using var retry = Command("TaskRetry", Clock, ("task_id", parameters.TaskId), ("worker", parameters.WorkerId), ("attempt", parameters.Attempt),
            ("error_type", parameters.ErrorType), ("error_message", parameters.ErrorMessage), ("retry_delay", SqliteStore.Milliseconds(parameters.RetryDelay)));
        await using var reader = await retry.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TaskRetryOutcome(StoredTaskStatus.RetryOutcome(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
            : TaskRetryOutcome.NotScheduled;
    }

    public async Task<FailedTask?> TaskFailForGoodAsync(TaskFailForGoodParams parameters, CancellationToken cancellationToken)
    {
        await using var fail = Command("TaskFail", Clock, ("task_id", parameters.TaskId), ("worker", parameters.WorkerId), ("attempt", parameters.Attempt),
            ("error_type", parameters.ErrorType), ("error_message", parameters.ErrorMessage));
        await using var reader = await fail.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new FailedTask(parameters.TaskId, reader.GetString(0), reader.GetInt32(1), "") : null;
    }

    public async Task<StageFailureOutcome> StageFailureCountAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        (string, object?)[] stage = [("job_id", parameters.JobId), ("stage", parameters.Stage)];
        return await StageFailureCount.RunAsync(Command("StageTolerateFailure", [.. stage, Clock]), () => Command("StageFailuresAllowed", stage),
            cancellationToken);
    }

    public async Task<JobEndStatus> JobEndAsync(JobEndParams parameters, CancellationToken cancellationToken)
    {
        await using var end = parameters.Status switch
        {
            JobStatus.Failed => Command("JobFail", Clock, ("job_id", parameters.JobId), ("error", parameters.Reason)),
            JobStatus.Cancelled => Command("JobCancel", Clock, ("job_id", parameters.JobId), ("reason", parameters.Reason)),
            _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Status, "A job ends here as failed or cancelled."),
        };
        return await end.ExecuteScalarAsync(cancellationToken) is null ? JobEndStatus.NotLive : JobEndStatus.Ended;
    }

    public async Task<JobEndStatus> JobCompleteAsync(JobCompleteParams parameters, CancellationToken cancellationToken)
    {
        await using var complete = Command("JobComplete", Clock, ("job_id", parameters.JobId), ("status", StatusNames.ToName(parameters.Status)),
            ("result", parameters.Result is null ? null : CanonicalJson.SerializeToString(parameters.Result)));
        return await complete.ExecuteScalarAsync(cancellationToken) is null ? JobEndStatus.NotLive : JobEndStatus.Ended;
    }

    public async Task<int> TasksCancelForJobAsync(JobRef parameters, CancellationToken cancellationToken)
    {
        // A stage being planned in chunks and not yet marked has no row to count its tasks: they go.
        await NonQueryAsync("TasksPendingDeleteUnmarked", cancellationToken, SqliteStore.JobTasks(parameters.JobId));
        return await NonQueryAsync("TasksCancelForJob", cancellationToken, SqliteStore.JobTasks(parameters.JobId));
    }

    public Task<int> WorkDeleteAsync(WorkDeleteParams parameters, CancellationToken cancellationToken) => parameters switch
    {
        { Kind: null, Stage: not null } => throw new ArgumentException("A stage names a work item only with its kind.", nameof(parameters)),
        { Kind: null } => NonQueryAsync("WorkDeleteForJob", cancellationToken, ("job_id", parameters.JobId)),
        { Kind: { } kind, Stage: null } => NonQueryAsync("WorkDeleteKind", cancellationToken, ("job_id", parameters.JobId), ("kind", WorkKindNames.ToName(kind))),
        { Kind: { } kind, Stage: { } stage } => NonQueryAsync("WorkDelete", cancellationToken,
            ("job_id", parameters.JobId), ("kind", WorkKindNames.ToName(kind)), ("stage", stage)),
    };

    public async Task WorkEnqueueAsync(WorkEnqueueParams parameters, CancellationToken cancellationToken)
    {
        await NonQueryAsync("WorkEnqueue", cancellationToken, Clock,
            ("job_id", parameters.JobId), ("kind", WorkKindNames.ToName(parameters.Step.Kind)), ("stage", parameters.Step.Stage));
    }

    public Task JobEventInsertAsync(JobEventInsertParams parameters, CancellationToken cancellationToken) =>
        NonQueryAsync("JobEventInsert", cancellationToken, Clock, ("job_id", parameters.JobId), ("stage", parameters.Stage),
            ("kind", JobEventKinds.ToName(parameters.Kind)), ("detail", parameters.Detail?.ToJsonString()));

    public async Task<int?> JobRetryStartAsync(JobRetryStartParams parameters, CancellationToken cancellationToken)
    {
        await using var retry = Command("JobRetry", Clock, ("job_id", parameters.JobId), ("expected", StatusNames.ToName(parameters.Expected)),
            ("task_timeout", parameters.TaskTimeout is { } task ? SqliteStore.Milliseconds(task) : null),
            ("job_timeout", parameters.JobTimeout is { } job ? SqliteStore.Milliseconds(job) : null));
        return await retry.ExecuteScalarAsync(cancellationToken) is long stage ? (int)stage : null;
    }

    public async Task<int?> StageFirstWithFailuresAsync(JobRef parameters, CancellationToken cancellationToken)
    {
        await using var first = Command("StageFirstWithFailures", ("job_id", parameters.JobId));
        return await first.ExecuteScalarAsync(cancellationToken) is long stage ? (int)stage : null;
    }

    public async Task<int> StageRewindAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        var removed = await NonQueryAsync("StageRewindTasks", cancellationToken, [.. SqliteStore.JobTasks(parameters.JobId), ("stage", parameters.Stage)]);
        await NonQueryAsync("StageRewind", cancellationToken, ("job_id", parameters.JobId), ("stage", parameters.Stage));
        return removed;
    }

    public Task StageReopenFailuresAsync(StageRef parameters, CancellationToken cancellationToken) =>
        NonQueryAsync("StageReopenFailures", cancellationToken, ("job_id", parameters.JobId), ("stage", parameters.Stage));

    public async Task<int> TasksRequeueForStageAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        var requeued = (await RowsAsync(Command("TasksRequeueForStage", [.. SqliteStore.StageTasks(parameters.JobId, parameters.Stage), Clock]),
            _ => 0, cancellationToken)).Count;
        return requeued;
    }

    public Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken) =>
        store.JobGetAsync(connection, transaction, parameters.JobId, cancellationToken);

    /// <summary>
    /// SQLite has no try-lock to skip a round with, and needs none: this transaction already holds the
    /// file's only write lock, so rounds of several workers run one after the other, and the later
    /// ones find nothing left to do.
    /// </summary>
    public Task<JanitorLockStatus> JanitorLockAsync(CancellationToken cancellationToken) => Task.FromResult(JanitorLockStatus.Acquired);

    public async Task<IReadOnlyList<ExpiredLease>> LeasesExpiredAsync(CancellationToken cancellationToken) =>
        await RowsAsync(Command("JanitorExpiredLeases", Clock), reader => new ExpiredLease(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2),
            reader.GetString(3), reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)), reader.GetInt64(5) != 0), cancellationToken);

    public async Task<IReadOnlyList<RescuedTask>> LeasesRescueAsync(LeasesRescueParams parameters, CancellationToken cancellationToken)
    {
        var changed = new List<RescuedTask>(parameters.Leases.Count);
        await using var rescue = Command("JanitorRescue", Clock, ("task_id", ""), ("attempt", 0), ("status", ""), ("message", ""));
        foreach (var lease in parameters.Leases)
        {
            rescue.Parameters["@task_id"].Value = lease.TaskId;
            rescue.Parameters["@attempt"].Value = lease.Attempt;
            rescue.Parameters["@status"].Value = RescueStatus.Name(lease.Outcome);
            rescue.Parameters["@message"].Value = lease.Message;
            await using var rows = await rescue.ExecuteReaderAsync(cancellationToken);
            if (await rows.ReadAsync(cancellationToken))
                changed.Add(new RescuedTask(rows.GetString(0), rows.GetString(1), rows.GetInt32(4), StatusNames.ParseTask(rows.GetString(2)),
                    rows.IsDBNull(3) ? null : rows.GetString(3)));
        }
        return changed;
    }

    public async Task<IReadOnlyList<OverdueTask>> TasksOverdueAsync(CancellationToken cancellationToken) =>
        await RowsAsync(Command("JanitorOverdueTasks", Clock),
            reader => new OverdueTask(reader.GetString(0), reader.GetInt32(1), TimeSpan.FromMilliseconds(reader.GetInt64(2))), cancellationToken);

    public async Task<IReadOnlyList<FailedTask>> TasksTimeOutAsync(TasksTimeOutParams parameters, CancellationToken cancellationToken)
    {
        var changed = new List<FailedTask>(parameters.Tasks.Count);
        await using var fail = Command("JanitorTaskTimeout", Clock, ("task_id", ""), ("attempt", 0), ("message", ""));
        foreach (var task in parameters.Tasks)
        {
            fail.Parameters["@task_id"].Value = task.TaskId;
            fail.Parameters["@attempt"].Value = task.Attempt;
            fail.Parameters["@message"].Value = task.Message;
            await using var rows = await fail.ExecuteReaderAsync(cancellationToken);
            if (await rows.ReadAsync(cancellationToken)) changed.Add(new FailedTask(rows.GetString(0), rows.GetString(1), rows.GetInt32(3), rows.GetString(2)));
        }
        return changed;
    }

    public async Task<IReadOnlyList<OverdueJob>> JobsOverdueAsync(CancellationToken cancellationToken) =>
        await RowsAsync(Command("JanitorJobTimeouts", Clock),
            reader => new OverdueJob(reader.GetString(0), TimeSpan.FromMilliseconds(reader.GetInt64(1))), cancellationToken);

    public async Task<IReadOnlyList<MissingStep>> JobsMissingNextStepAsync(JobsMissingNextStepParams parameters, CancellationToken cancellationToken) =>
        await RowsAsync(Command("JobsMissingNextStep", ("job_id", parameters.JobId)),
            reader => new MissingStep(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3) != 0), cancellationToken);

    /// <summary>Listeners in this process are signalled after the commit; other processes notice it by their data_version poll.</summary>
    public Task WorkersWakeAsync(WorkersWakeParams parameters, CancellationToken cancellationToken)
    {
        Wakes = true;
        return Task.CompletedTask;
    }
}
