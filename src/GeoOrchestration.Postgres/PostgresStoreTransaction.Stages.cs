using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>Steps on stages: planning one, and advancing past a completed one.</summary>
internal sealed partial class PostgresStoreTransaction
{
    /// <summary>Stages larger than this are written with binary COPY; smaller ones with one INSERT.</summary>
    private const int CopyThreshold = 500;

    public async Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken)
    {
        var (jobId, stage) = (parameters.JobId, parameters.Stage);
        // Round trips are the hand-off latency between stages: the job is marked and the stage row
        // claimed in one, and a small plan is written and closed in one more.
        DateTime now;
        TimeSpan? taskTimeout;
        await using (var start = new NpgsqlBatch(connection, transaction))
        {
            start.BatchCommands.Add(store.ClockedBatchCommand("JobMarkProcessing", ("job_id", jobId), ("stage", stage)));
            start.BatchCommands.Add(store.ClockedBatchCommand("StageInsert", ("job_id", jobId), ("stage", stage)));
            await using var reader = await start.ExecuteReaderAsync(cancellationToken);
            var live = await reader.ReadAsync(cancellationToken);
            now = live ? reader.GetDateTime(1) : default;
            taskTimeout = live && !reader.IsDBNull(2) ? reader.GetFieldValue<TimeSpan>(2) : null;
            await reader.NextResultAsync(cancellationToken);
            // The job ended (failed or cancelled) while this item waited, or the stage was planned
            // before (a redelivered plan item, whose earlier plan stands).
            if (!await reader.ReadAsync(cancellationToken)) return new StagePlanOutcome(StagePlanStatus.Skipped, 0, StageCompleted: false);
        }
        try
        {
            var (count, claimed) = await WriteTasksAsync(parameters, now, taskTimeout, cancellationToken);
            return new StagePlanOutcome(StagePlanStatus.Planned, count, StageCompleted: count == 0) { Claimed = claimed };
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "tasks_pkey")
        {
            // The task id key is the plan's uniqueness check; read the plan again to name the key.
            throw TaskKeyConflict.Refusal(jobId, stage, parameters.Tasks, e);
        }
    }

    /// <summary>Writes the stage's tasks and closes its plan (count, event, plan item), claiming the first tasks if asked.</summary>
    private async Task<(int Count, List<WorkItem> Claimed)> WriteTasksAsync(StagePlanParams parameters, DateTime now, TimeSpan? taskTimeout,
        CancellationToken cancellationToken)
    {
        var (jobId, stage) = (parameters.JobId, parameters.Stage);
        using var stream = parameters.Tasks.GetEnumerator();
        var head = new List<PlannedTask>(CopyThreshold + 1);
        while (head.Count <= CopyThreshold && stream.MoveNext()) head.Add(stream.Current);
        int count;
        var claimed = new List<WorkItem>();
        await using var finish = new NpgsqlBatch(connection, transaction);
        if (head.Count > CopyThreshold)
        {
            count = await CopyTasksAsync(jobId, stage, head, stream, now, taskTimeout, cancellationToken);
        }
        else
        {
            count = head.Count;
            if (count > 0) finish.BatchCommands.Add(InsertTasksCommand(jobId, stage, head, now, taskTimeout));
        }
        var planFinish = store.ClockedBatchCommand("StagePlanFinish", ("job_id", jobId), ("stage", stage), ("task_count", count),
            ("failures_allowed", parameters.Tolerance?.AllowedFor(count) ?? 0),
            ("detail", new JsonObject { ["tasks"] = count }.ToJsonString()));
        finish.BatchCommands.Add(planFinish);
        if (parameters.ClaimFor is { } claim && count > 0)
            finish.BatchCommands.Add(store.ClaimCommand("TaskClaim", claim));
        await using var reader = await finish.ExecuteReaderAsync(cancellationToken);
        do
        {
            // Only the claim's rows start with a task id (the finish returns its stage).
            if (reader.FieldCount > 0 && reader.GetName(0) == "task_id")
                while (await reader.ReadAsync(cancellationToken)) claimed.Add(PostgresStore.ClaimedTask(reader));
        } while (await reader.NextResultAsync(cancellationToken));
        return (count, claimed);
    }

    private NpgsqlBatchCommand InsertTasksCommand(string jobId, int stage, IReadOnlyList<PlannedTask> tasks, DateTime now, TimeSpan? taskTimeout)
    {
        var insert = store.BatchCommand("TasksInsert", ("job_id", jobId), ("stage", stage),
            ("task_ids", tasks.Select(t => t.TaskId).ToArray()),
            ("task_keys", tasks.Select(t => t.TaskKey).ToArray()),
            ("task_types", tasks.Select(t => t.TaskType).ToArray()),
            ("parameters", tasks.Select(t => CanonicalJson.SerializeToString(t.Parameters)).ToArray()),
            ("max_attempts", tasks.Select(t => t.MaxAttempts).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter("visible_at", NpgsqlDbType.TimestampTz) { Value = now });
        insert.Parameters.Add(new NpgsqlParameter("timeout", NpgsqlDbType.Interval) { Value = (object?)taskTimeout ?? DBNull.Value });
        return insert;
    }

    private async Task<int> CopyTasksAsync(string jobId, int stage, List<PlannedTask> head, IEnumerator<PlannedTask> rest, DateTime now,
        TimeSpan? taskTimeout, CancellationToken cancellationToken)
    {
        // A pinned clock (tests) sends its time; otherwise the defaults give the transaction's now(),
        // which is what JobMarkProcessing returned as `now`.
        var pinned = store.PinnedNow() is not DBNull;
        await using var copy = await connection.BeginBinaryImportAsync(store.Sql(pinned ? "TasksCopyAt" : "TasksCopy"), cancellationToken);
        var ordinal = 0;
        foreach (var task in head) await WriteRowAsync(task);
        head.Clear();
        while (rest.MoveNext()) await WriteRowAsync(rest.Current);
        await copy.CompleteAsync(cancellationToken);
        return ordinal;

        async Task WriteRowAsync(PlannedTask task)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(task.TaskId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(jobId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(stage, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(ordinal++, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(task.TaskKey, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(task.TaskType, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(CanonicalJson.SerializeToString(task.Parameters), NpgsqlDbType.Jsonb, cancellationToken);
            await copy.WriteAsync(task.MaxAttempts, NpgsqlDbType.Integer, cancellationToken);
            if (taskTimeout is { } timeout) await copy.WriteAsync(timeout, NpgsqlDbType.Interval, cancellationToken);
            else await copy.WriteNullAsync(cancellationToken);
            if (pinned)
            {
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs in the transaction that completed the stage, so its next step can be neither lost nor
    /// doubled (see StageAdvance: one round trip for the step and the event; the engine's step asks for the wake-up).
    /// </summary>
    public async Task<StageAdvanceStatus> StageAdvanceAsync(StageAdvanceParams parameters, CancellationToken cancellationToken)
    {
        await using var advance = ClockedCommand("StageAdvance");
        advance.Parameters.AddWithValue("job_id", parameters.JobId);
        advance.Parameters.AddWithValue("stage", parameters.Stage);
        advance.Parameters.AddWithValue("kind", WorkKindNames.ToName(parameters.Next.Kind));
        advance.Parameters.AddWithValue("next_stage", parameters.Next.Stage);
        return await advance.ExecuteScalarAsync(cancellationToken) is null ? StageAdvanceStatus.NotAdvanced : StageAdvanceStatus.Advanced;
    }
}
