using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<WorkItem>> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<WorkItem>>(async connection =>
        {
            var items = new List<WorkItem>();
            // Control work first: planning and finalizing unblock whole stages.
            await using (var claim = Command("WorkClaim", connection))
            {
                claim.Parameters.AddWithValue("worker", parameters.WorkerId);
                claim.Parameters.AddWithValue("limit", parameters.Limit);
                claim.Parameters.AddWithValue("lease", parameters.Lease);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    items.Add(new WorkItem
                    {
                        Kind = reader.GetString(1) == "plan" ? WorkKind.PlanStage : WorkKind.Finalize,
                        JobId = reader.GetString(0),
                        Stage = reader.GetInt32(2),
                        JobType = reader.GetString(3),
                        JobParameters = JsonNode.Parse(reader.GetString(4))!.AsObject(),
                        JobStatus = StatusNames.ParseJob(reader.GetString(5)),
                        TotalStages = reader.GetInt32(6),
                    });
            }
            var room = parameters.Limit - items.Count;
            if (room <= 0) return items;
            await using (var claim = Command("TaskClaim", connection))
            {
                claim.Parameters.AddWithValue("worker", parameters.WorkerId);
                claim.Parameters.AddWithValue("limit", room);
                claim.Parameters.AddWithValue("lease", parameters.Lease);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    items.Add(new WorkItem
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
                    });
            }
            return items;
        }, cancellationToken);

    public Task<TaskCompleteOutcome> TaskCompleteAsync(TaskCompleteParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            string jobId;
            int stage, remaining, totalStages;
            await using (var complete = Command("TaskComplete", connection, transaction))
            {
                complete.Parameters.AddWithValue("task_id", parameters.TaskId);
                complete.Parameters.Add(new NpgsqlParameter("result", NpgsqlDbType.Text)
                    { Value = parameters.Result is null ? DBNull.Value : CanonicalJson.SerializeToString(parameters.Result) });
                await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    await reader.DisposeAsync();
                    return await NotCompletedAsync(connection, transaction, parameters.TaskId, cancellationToken);
                }
                (jobId, stage, remaining, totalStages) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            }
            if (remaining == 0)
                await AdvanceAsync(connection, transaction, jobId, stage, totalStages, cancellationToken);
            return new TaskCompleteOutcome(TaskCompleteStatus.Completed, StageCompleted: remaining == 0);
        }, cancellationToken);

    /// <summary>Reports why a completion changed nothing, rather than hiding the no-op.</summary>
    private async Task<TaskCompleteOutcome> NotCompletedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string taskId,
        CancellationToken cancellationToken)
    {
        await using var status = Command("TaskStatus", connection, transaction);
        status.Parameters.AddWithValue("task_id", taskId);
        return await status.ExecuteScalarAsync(cancellationToken) switch
        {
            null => new TaskCompleteOutcome(TaskCompleteStatus.NotFound),
            "completed" => new TaskCompleteOutcome(TaskCompleteStatus.AlreadyCompleted, TaskStatus: "completed"),
            string other => new TaskCompleteOutcome(TaskCompleteStatus.NotCompletable, TaskStatus: other),
            var unexpected => throw new InvalidOperationException($"Unexpected task status value {unexpected}."),
        };
    }

    public Task<TaskFailOutcome> TaskFailAsync(TaskFailParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (parameters.RetryAt is { } retryAt)
            {
                await using var retry = Command("TaskRetry", connection, transaction);
                retry.Parameters.AddWithValue("task_id", parameters.TaskId);
                retry.Parameters.AddWithValue("retry_at", retryAt.ToUniversalTime());
                retry.Parameters.AddWithValue("error_type", parameters.ErrorType);
                retry.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
                if (await retry.ExecuteScalarAsync(cancellationToken) is not null)
                    return new TaskFailOutcome(TaskFailStatus.RetryScheduled);
            }
            string jobId;
            await using (var fail = Command("TaskFail", connection, transaction))
            {
                fail.Parameters.AddWithValue("task_id", parameters.TaskId);
                fail.Parameters.AddWithValue("error_type", parameters.ErrorType);
                fail.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
                await using var reader = await fail.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken)) return new TaskFailOutcome(TaskFailStatus.NotRunning);
                jobId = reader.GetString(0);
            }
            await FailJobAsync(connection, transaction, jobId,
                $"Task {parameters.TaskId} failed: {parameters.ErrorType}: {parameters.ErrorMessage}", cancellationToken);
            return new TaskFailOutcome(TaskFailStatus.JobFailed);
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<TaskRecord>>(async connection =>
        {
            await using var command = Command("TaskList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
            command.Parameters.AddWithValue("limit", parameters.Limit);
            var tasks = new List<TaskRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) tasks.Add(PostgresRows.Task(reader));
            return tasks;
        }, cancellationToken);
}
