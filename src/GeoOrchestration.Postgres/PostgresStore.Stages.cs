using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var (jobId, stage, tasks) = (parameters.JobId, parameters.Stage, parameters.Tasks);
            DateTime now;
            TimeSpan? taskTimeout;
            await using (var mark = Command("JobMarkProcessing", connection, transaction))
            {
                mark.Parameters.AddWithValue("job_id", jobId);
                mark.Parameters.AddWithValue("stage", stage);
                await using var reader = await mark.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    // The job ended (failed or cancelled) while this item waited: nothing to plan.
                    await reader.DisposeAsync();
                    await DeleteWorkAsync(connection, transaction, jobId, "plan", stage, cancellationToken);
                    return new StagePlanOutcome(Planned: false, 0, StageCompleted: false);
                }
                now = reader.GetDateTime(1);
                taskTimeout = reader.IsDBNull(2) ? null : reader.GetFieldValue<TimeSpan>(2);
            }
            await using (var insert = Command("StageInsert", connection, transaction))
            {
                insert.Parameters.AddWithValue("job_id", jobId);
                insert.Parameters.AddWithValue("stage", stage);
                insert.Parameters.AddWithValue("task_count", tasks.Count);
                if (await insert.ExecuteScalarAsync(cancellationToken) is null)
                {
                    // Planned before (a redelivered plan item): the earlier plan stands.
                    await DeleteWorkAsync(connection, transaction, jobId, "plan", stage, cancellationToken);
                    return new StagePlanOutcome(Planned: false, tasks.Count, StageCompleted: false);
                }
            }
            if (tasks.Count > CopyThreshold)
                await CopyTasksAsync(connection, jobId, stage, tasks, now, taskTimeout, cancellationToken);
            else if (tasks.Count > 0)
                await InsertTasksAsync(connection, transaction, jobId, stage, tasks, now, taskTimeout, cancellationToken);
            await using (var finish = Command("StagePlanFinish", connection, transaction))
            {
                finish.Parameters.AddWithValue("job_id", jobId);
                finish.Parameters.AddWithValue("stage", stage);
                finish.Parameters.AddWithValue("detail", new JsonObject { ["tasks"] = tasks.Count }.ToJsonString());
                await finish.ExecuteNonQueryAsync(cancellationToken);
            }
            if (tasks.Count == 0)
                await AdvanceAsync(connection, transaction, jobId, stage, parameters.TotalStages, cancellationToken);
            return new StagePlanOutcome(Planned: true, tasks.Count, StageCompleted: tasks.Count == 0);
        }, cancellationToken);

    /// <summary>Stages larger than this are written with binary COPY; smaller ones with one INSERT.</summary>
    private const int CopyThreshold = 500;

    private async Task InsertTasksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        IReadOnlyList<PlannedTask> tasks, DateTime now, TimeSpan? taskTimeout, CancellationToken cancellationToken)
    {
        await using var insert = Command("TasksInsert", connection, transaction);
        insert.Parameters.AddWithValue("job_id", jobId);
        insert.Parameters.AddWithValue("stage", stage);
        insert.Parameters.AddWithValue("task_ids", tasks.Select(t => t.TaskId).ToArray());
        insert.Parameters.AddWithValue("task_keys", tasks.Select(t => t.TaskKey).ToArray());
        insert.Parameters.AddWithValue("task_types", tasks.Select(t => t.TaskType).ToArray());
        insert.Parameters.AddWithValue("parameters", tasks.Select(t => CanonicalJson.SerializeToString(t.Parameters)).ToArray());
        insert.Parameters.AddWithValue("max_attempts", tasks.Select(t => t.MaxAttempts).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("visible_at", NpgsqlDbType.TimestampTz) { Value = now });
        insert.Parameters.Add(new NpgsqlParameter("timeout", NpgsqlDbType.Interval) { Value = (object?)taskTimeout ?? DBNull.Value });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CopyTasksAsync(NpgsqlConnection connection, string jobId, int stage, IReadOnlyList<PlannedTask> tasks,
        DateTime now, TimeSpan? taskTimeout, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(_sql["TasksCopy"], cancellationToken);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(task.TaskId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(jobId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(stage, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(task.TaskKey, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(task.TaskType, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(CanonicalJson.SerializeToString(task.Parameters), NpgsqlDbType.Jsonb, cancellationToken);
            await copy.WriteAsync("queued", NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(task.MaxAttempts, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            if (taskTimeout is { } timeout) await copy.WriteAsync(timeout, NpgsqlDbType.Interval, cancellationToken);
            else await copy.WriteNullAsync(cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Enqueues what follows a completed stage: "plan S+1", or "finalize" after the last stage.
    /// Runs in the transaction that completed the stage, so the step can neither be lost nor doubled.
    /// </summary>
    private async Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        int totalStages, CancellationToken cancellationToken)
    {
        await using var advance = Command("StageAdvance", connection, transaction);
        advance.Parameters.AddWithValue("job_id", jobId);
        advance.Parameters.AddWithValue("stage", stage);
        advance.Parameters.AddWithValue("kind", stage < totalStages ? "plan" : "finalize");
        advance.Parameters.AddWithValue("next_stage", stage < totalStages ? stage + 1 : stage);
        await advance.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("StageResults", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            command.Parameters.AddWithValue("stage", stage);
            var results = new List<StageResult>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var status = reader.GetString(2);
                if (status != "completed")
                    throw new ContractViolationException($"Stage {stage} of job {jobId} was read as finished, but task {reader.GetString(0)} is {status}.");
                results.Add(new StageResult(reader.GetString(0), reader.GetString(1), stage,
                    reader.IsDBNull(3) ? null : JsonNode.Parse(reader.GetString(3))));
            }
            return new StageResults(stage, results);
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
