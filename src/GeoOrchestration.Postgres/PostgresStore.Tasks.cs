using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            // Control work and tasks in one round trip. Control work (plan, finalize) is rare; when
            // it comes, the tasks beyond the free slots are handed straight back below.
            // TaskNextDue runs in the same implicit transaction, so with the same now(): a task not
            // yet due when claiming is counted there; asked a moment later, one falling due in
            // between would be in neither answer.
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(ClaimCommand("WorkClaim", parameters));
            batch.BatchCommands.Add(ClaimCommand("TaskClaim", parameters));
            batch.BatchCommands.Add(ClockedBatchCommand("TaskNextDue"));
            var items = new List<WorkItem>();
            TimeSpan? nextDue;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) items.Add(ClaimedControl(reader));
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) items.Add(ClaimedTask(reader));
                await reader.NextResultAsync(cancellationToken);
                nextDue = await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<TimeSpan>(0) : null;
            }
            if (items.Count <= parameters.Limit) return new WorkClaimOutcome(items, nextDue);
            var excess = items.Skip(parameters.Limit).ToList();
            await using var release = ClockedCommand("TaskRelease", connection);
            release.Parameters.AddWithValue("worker", parameters.WorkerId);
            release.Parameters.AddWithValue("task_ids", excess.Select(i => i.TaskId!).ToArray());
            release.Parameters.AddWithValue("attempts", excess.Select(i => i.Attempt).ToArray());
            // Handed back, those tasks are queued at a new turn: a relay sends them.
            if (await release.ExecuteNonQueryAsync(cancellationToken) > 0) OnWorkCommitted();
            return new WorkClaimOutcome(items.Take(parameters.Limit).ToList(), nextDue);
        }, cancellationToken);

    /// <summary>A task row as TaskClaim returns it.</summary>
    // Hot path: by position on the raw driver, not through the shared row types (see StoreRowReader):
    // a claim runs per batch of tasks, and an intermediate row per task would double its allocations.
    internal static WorkItem ClaimedTask(NpgsqlDataReader reader) => new()
    {
        Kind = WorkKind.RunTask,
        TaskId = reader.GetString(0),
        JobId = reader.GetString(1),
        Stage = reader.GetInt32(2),
        TaskType = reader.GetString(4),
        TaskParameters = JsonNode.Parse(reader.GetString(5))!.AsObject(),
        Attempt = reader.GetInt32(6),
        MaxAttempts = reader.GetInt32(7),
        TaskTimeout = reader.IsDBNull(8) ? null : reader.GetFieldValue<TimeSpan>(8),
        JobStatus = StatusNames.ParseJob(reader.GetString(9)),
        TraceParent = reader.IsDBNull(10) ? null : reader.GetString(10),
        TraceState = reader.IsDBNull(11) ? null : reader.GetString(11),
    };

    /// <summary>A claim query (WorkClaim, TaskClaim) for a batch.</summary>
    internal NpgsqlBatchCommand ClaimCommand(string query, WorkClaimParams claim) =>
        ClockedBatchCommand(query, ("worker", claim.WorkerId), ("limit", claim.Limit), ("lease", claim.Lease));

    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<TaskRecord>>(async connection =>
        {
            await using var command = Command("TaskList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = parameters.Status is { } status ? StatusNames.ToName(status) : DBNull.Value });
            command.Parameters.AddWithValue("from_stage", parameters.From.Stage);
            command.Parameters.AddWithValue("from_ordinal", parameters.From.Ordinal);
            command.Parameters.AddWithValue("to_stage", parameters.ToStage);
            command.Parameters.AddWithValue("limit", parameters.Limit);
            command.Parameters.AddWithValue("skip", parameters.Skip);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<TaskRecord?> TaskGetAsync(TaskGetParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("TaskGet", connection);
            command.Parameters.AddWithValue("task_id", parameters.TaskId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadFirstAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(JobRef parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StageFailure>>(async connection =>
        {
            await using var command = Command("TaskFailures", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            var failures = new List<StageFailure>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                failures.Add(new StageFailure(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
                    JsonNode.Parse(reader.GetString(5)) as JsonObject));
            return failures;
        }, cancellationToken);
}
