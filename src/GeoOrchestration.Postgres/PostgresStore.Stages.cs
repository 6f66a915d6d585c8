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
            await using (var mark = Command("JobMarkProcessing", connection, transaction))
            {
                mark.Parameters.AddWithValue("job_id", jobId);
                mark.Parameters.AddWithValue("stage", stage);
                if (await mark.ExecuteScalarAsync(cancellationToken) is null)
                {
                    // The job ended (failed or cancelled) while this item waited: nothing to plan.
                    await DeleteWorkAsync(connection, transaction, jobId, "plan", stage, cancellationToken);
                    return new StagePlanOutcome(Planned: false, 0, StageCompleted: false);
                }
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
            if (tasks.Count > 0)
            {
                await using var insertTasks = Command("TasksInsert", connection, transaction);
                insertTasks.Parameters.AddWithValue("job_id", jobId);
                insertTasks.Parameters.AddWithValue("stage", stage);
                insertTasks.Parameters.AddWithValue("task_ids", tasks.Select(t => t.TaskId).ToArray());
                insertTasks.Parameters.AddWithValue("task_keys", tasks.Select(t => t.TaskKey).ToArray());
                insertTasks.Parameters.AddWithValue("task_types", tasks.Select(t => t.TaskType).ToArray());
                insertTasks.Parameters.AddWithValue("parameters", tasks.Select(t => CanonicalJson.SerializeToString(t.Parameters)).ToArray());
                insertTasks.Parameters.AddWithValue("max_attempts", tasks.Select(t => t.MaxAttempts).ToArray());
                await insertTasks.ExecuteNonQueryAsync(cancellationToken);
            }
            await EventAsync(connection, transaction, jobId, stage, "stage_planned",
                new JsonObject { ["tasks"] = tasks.Count }.ToJsonString(), cancellationToken);
            if (tasks.Count == 0)
                await AdvanceAsync(connection, transaction, jobId, stage, parameters.TotalStages, cancellationToken);
            await DeleteWorkAsync(connection, transaction, jobId, "plan", stage, cancellationToken);
            await NotifyAsync(connection, transaction, "tasks", cancellationToken);
            return new StagePlanOutcome(Planned: true, tasks.Count, StageCompleted: tasks.Count == 0);
        }, cancellationToken);

    /// <summary>
    /// Enqueues what follows a completed stage: "plan S+1", or "finalize" after the last stage.
    /// Runs in the transaction that completed the stage, so the step can neither be lost nor doubled.
    /// </summary>
    private async Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        int totalStages, CancellationToken cancellationToken)
    {
        await using (var enqueue = Command("WorkEnqueue", connection, transaction))
        {
            enqueue.Parameters.AddWithValue("job_id", jobId);
            enqueue.Parameters.AddWithValue("kind", stage < totalStages ? "plan" : "finalize");
            enqueue.Parameters.AddWithValue("stage", stage < totalStages ? stage + 1 : stage);
            await enqueue.ExecuteNonQueryAsync(cancellationToken);
        }
        await EventAsync(connection, transaction, jobId, stage, "stage_completed", null, cancellationToken);
        await NotifyAsync(connection, transaction, "job", cancellationToken);
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
