using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Rows;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public async Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await PlanInTransactionAsync(parameters, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "tasks_pkey")
        {
            // The task id key is the plan's uniqueness check; read the plan again to name the key.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var key = parameters.Tasks.Select(t => t.TaskKey).FirstOrDefault(k => !seen.Add(k)) ?? "(unknown)";
            throw new ContractViolationException(
                $"Stage {parameters.Stage} of job {parameters.JobId} planned two tasks with key '{key}'; keys must be unique within a stage.", e);
        }
    }

    private Task<StagePlanOutcome> PlanInTransactionAsync(StagePlanParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var (jobId, stage) = (parameters.JobId, parameters.Stage);
            // Round trips are the hand-off latency between stages: the job is marked and the stage row
            // claimed in one, and a small plan is written and closed in one more.
            DateTime now;
            TimeSpan? taskTimeout;
            await using (var start = new NpgsqlBatch(connection, transaction))
            {
                start.BatchCommands.Add(BatchCommand("JobMarkProcessing", ("job_id", jobId), ("stage", stage)));
                start.BatchCommands.Add(BatchCommand("StageInsert", ("job_id", jobId), ("stage", stage)));
                await using var reader = await start.ExecuteReaderAsync(cancellationToken);
                var live = await reader.ReadAsync(cancellationToken);
                now = live ? reader.GetDateTime(1) : default;
                taskTimeout = live && !reader.IsDBNull(2) ? reader.GetFieldValue<TimeSpan>(2) : null;
                await reader.NextResultAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    // The job ended (failed or cancelled) while this item waited, or the stage was
                    // planned before (a redelivered plan item, whose earlier plan stands).
                    await reader.DisposeAsync();
                    await DeleteWorkAsync(connection, transaction, jobId, "plan", stage, cancellationToken);
                    return new StagePlanOutcome(Planned: false, 0, StageCompleted: false);
                }
            }
            using var stream = parameters.Tasks.GetEnumerator();
            var head = new List<PlannedTask>(CopyThreshold + 1);
            while (head.Count <= CopyThreshold && stream.MoveNext()) head.Add(stream.Current);
            int count;
            var claimed = new List<WorkItem>();
            await using (var finish = new NpgsqlBatch(connection, transaction))
            {
                if (head.Count > CopyThreshold)
                {
                    count = await CopyTasksAsync(connection, jobId, stage, head, stream, now, taskTimeout, cancellationToken);
                }
                else
                {
                    count = head.Count;
                    if (count > 0) finish.BatchCommands.Add(InsertTasksCommand(jobId, stage, head, now, taskTimeout));
                }
                finish.BatchCommands.Add(BatchCommand("StagePlanFinish", ("job_id", jobId), ("stage", stage), ("task_count", count),
                    ("failures_allowed", parameters.Tolerance?.AllowedFor(count) ?? 0),
                    ("detail", new JsonObject { ["tasks"] = count }.ToJsonString())));
                if (parameters.ClaimFor is { } claim && count > 0)
                    finish.BatchCommands.Add(ClaimCommand("TaskClaim", claim));
                await using var reader = await finish.ExecuteReaderAsync(cancellationToken);
                do
                {
                    // Only the claim's rows start with a task id (the finish returns its notify).
                    if (reader.FieldCount > 0 && reader.GetName(0) == "task_id")
                        while (await reader.ReadAsync(cancellationToken)) claimed.Add(ClaimedTask(reader));
                } while (await reader.NextResultAsync(cancellationToken));
            }
            if (count == 0)
                await AdvanceAsync(connection, transaction, jobId, stage, parameters.TotalStages, cancellationToken);
            return new StagePlanOutcome(Planned: true, count, StageCompleted: count == 0) { Claimed = claimed };
        }, cancellationToken);

    /// <summary>Stages larger than this are written with binary COPY; smaller ones with one INSERT.</summary>
    private const int CopyThreshold = 500;

    private NpgsqlBatchCommand InsertTasksCommand(string jobId, int stage, IReadOnlyList<PlannedTask> tasks, DateTime now, TimeSpan? taskTimeout)
    {
        var insert = BatchCommand("TasksInsert", ("job_id", jobId), ("stage", stage),
            ("task_ids", tasks.Select(t => t.TaskId).ToArray()),
            ("task_keys", tasks.Select(t => t.TaskKey).ToArray()),
            ("task_types", tasks.Select(t => t.TaskType).ToArray()),
            ("parameters", tasks.Select(t => CanonicalJson.SerializeToString(t.Parameters)).ToArray()),
            ("max_attempts", tasks.Select(t => t.MaxAttempts).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter("visible_at", NpgsqlDbType.TimestampTz) { Value = now });
        insert.Parameters.Add(new NpgsqlParameter("timeout", NpgsqlDbType.Interval) { Value = (object?)taskTimeout ?? DBNull.Value });
        return insert;
    }

    private async Task<int> CopyTasksAsync(NpgsqlConnection connection, string jobId, int stage, List<PlannedTask> head,
        IEnumerator<PlannedTask> rest, DateTime now, TimeSpan? taskTimeout, CancellationToken cancellationToken)
    {
        // A pinned clock (tests) sends its time; otherwise the defaults give the transaction's now(),
        // which is what JobMarkProcessing returned as `now`.
        var pinned = PinnedNow() is not DBNull;
        await using var copy = await connection.BeginBinaryImportAsync(_sql[pinned ? "TasksCopyAt" : "TasksCopy"], cancellationToken);
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
    /// Enqueues what follows a completed stage ("plan S+1", or "finalize" after the last stage) with
    /// its stage_completed event. Runs in the transaction that completed the stage, so the step can
    /// be neither lost nor doubled; true when this call advanced the stage, false when it had
    /// advanced before or its job is not live (see StageAdvance).
    /// </summary>
    private async Task<bool> AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        int totalStages, CancellationToken cancellationToken)
    {
        await using var advance = Command("StageAdvance", connection, transaction);
        advance.Parameters.AddWithValue("job_id", jobId);
        advance.Parameters.AddWithValue("stage", stage);
        advance.Parameters.AddWithValue("kind", stage < totalStages ? "plan" : "finalize");
        advance.Parameters.AddWithValue("next_stage", stage < totalStages ? stage + 1 : stage);
        return await advance.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("StageResults", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            command.Parameters.AddWithValue("stage", stage);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultRow.ReadStageAsync(reader, jobId, stage, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> StageTaskCountsAsync(string jobId, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<int>>(async connection =>
        {
            await using var command = Command("StageTaskCounts", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            var counts = new List<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(reader.GetInt32(0));
            return counts;
        }, cancellationToken);

    public Task WorkDropAsync(WorkItem item, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await DeleteWorkAsync(connection, transaction, item.JobId, item.Kind == WorkKind.Finalize ? "finalize" : "plan", item.Stage, cancellationToken);
            return true;
        }, cancellationToken);

    private async Task DeleteWorkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, string kind, int? stage,
        CancellationToken cancellationToken)
    {
        await using var delete = Command(stage is null ? "WorkDeleteKind" : "WorkDelete", connection, transaction);
        delete.Parameters.AddWithValue("job_id", jobId);
        delete.Parameters.AddWithValue("kind", kind);
        if (stage is not null) delete.Parameters.AddWithValue("stage", stage.Value);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
