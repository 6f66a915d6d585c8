using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Rows;
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
            batch.BatchCommands.Add(BatchCommand("TaskNextDue"));
            var items = new List<WorkItem>();
            TimeSpan? nextDue;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
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
                        Attempt = reader.GetInt32(7),
                    });
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) items.Add(ClaimedTask(reader));
                await reader.NextResultAsync(cancellationToken);
                nextDue = await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<TimeSpan>(0) : null;
            }
            if (items.Count <= parameters.Limit) return new WorkClaimOutcome(items, nextDue);
            var excess = items.Skip(parameters.Limit).ToList();
            await using var release = Command("TaskRelease", connection);
            release.Parameters.AddWithValue("worker", parameters.WorkerId);
            release.Parameters.AddWithValue("task_ids", excess.Select(i => i.TaskId!).ToArray());
            release.Parameters.AddWithValue("attempts", excess.Select(i => i.Attempt).ToArray());
            await release.ExecuteNonQueryAsync(cancellationToken);
            return new WorkClaimOutcome(items.Take(parameters.Limit).ToList(), nextDue);
        }, cancellationToken);

    /// <summary>A task row as TaskClaim returns it.</summary>
    // Hot path: by position on the raw driver, not through the shared row types (see StoreRowReader):
    // a claim runs per batch of tasks, and an intermediate row per task would double its allocations.
    private static WorkItem ClaimedTask(NpgsqlDataReader reader) => new()
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
    };

    /// <summary>A claim query (WorkClaim, TaskClaim) for a batch.</summary>
    private NpgsqlBatchCommand ClaimCommand(string query, WorkClaimParams claim) =>
        BatchCommand(query, ("worker", claim.WorkerId), ("limit", claim.Limit), ("lease", claim.Lease));

    public async Task<TaskCompleteOutcome> TaskCompleteAsync(TaskCompleteParams parameters, CancellationToken cancellationToken) =>
        (await TaskCompleteBatchAsync([parameters], cancellationToken))[0];

    public Task<IReadOnlyList<TaskCompleteOutcome>> TaskCompleteBatchAsync(IReadOnlyList<TaskCompleteParams> completions,
        CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<TaskCompleteOutcome>>(async (connection, transaction) =>
        {
            if (completions.Count == 0) return [];
            // One lock order for every batch (by task id), so two batches cannot deadlock on task rows.
            var ordered = completions.DistinctBy(c => c.TaskId).OrderBy(c => c.TaskId, StringComparer.Ordinal).ToList();
            var completed = new HashSet<string>(StringComparer.Ordinal);
            var closedStages = new List<(string JobId, int Stage, int TotalStages)>();
            await using (var complete = Command("TaskComplete", connection, transaction))
            {
                complete.Parameters.AddWithValue("task_ids", ordered.Select(c => c.TaskId).ToArray());
                complete.Parameters.Add(new NpgsqlParameter("results", NpgsqlDbType.Array | NpgsqlDbType.Text)
                    { Value = ordered.Select(c => c.Result is null ? null : CanonicalJson.SerializeToString(c.Result)).ToArray() });
                // Hot path: outcome columns by position on the raw driver (see StoreRowReader).
                await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetInt32(0) == 0) completed.Add(reader.GetString(1));
                    else if (reader.GetInt32(4) == 0) closedStages.Add((reader.GetString(2), reader.GetInt32(3), reader.GetInt32(5)));
                }
            }
            foreach (var (jobId, stage, totalStages) in closedStages)
                await AdvanceAsync(connection, transaction, jobId, stage, totalStages, cancellationToken);
            var others = completions.Where(c => !completed.Contains(c.TaskId)).Select(c => c.TaskId).Distinct().ToArray();
            var statuses = others.Length == 0 ? [] : await StatusesAsync(connection, transaction, others, cancellationToken);
            var closing = closedStages.Select(s => (s.JobId, s.Stage)).ToHashSet();
            var outcomes = new List<TaskCompleteOutcome>(completions.Count);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var completion in completions)
            {
                if (completed.Contains(completion.TaskId) && reported.Add(completion.TaskId))
                {
                    // The stage-closing flag goes to one completion of the stage: the batch closed it once.
                    var stageKey = StageOf(completion.TaskId, closing);
                    outcomes.Add(new TaskCompleteOutcome(TaskCompleteStatus.Completed, stageKey is { } k && closing.Remove(k)));
                    continue;
                }
                var status = completed.Contains(completion.TaskId) ? "completed" : statuses.GetValueOrDefault(completion.TaskId);
                outcomes.Add(status switch
                {
                    null => new TaskCompleteOutcome(TaskCompleteStatus.NotFound),
                    "completed" => new TaskCompleteOutcome(TaskCompleteStatus.AlreadyCompleted, TaskStatus: "completed"),
                    _ => new TaskCompleteOutcome(TaskCompleteStatus.NotCompletable, TaskStatus: status),
                });
            }
            return outcomes;
        }, cancellationToken);

    /// <summary>The (job, stage) among <paramref name="stages"/> that a task id belongs to: ids are "{job[..16]}-s{stage}-{key}".</summary>
    private static (string JobId, int Stage)? StageOf(string taskId, HashSet<(string JobId, int Stage)> stages)
    {
        foreach (var s in stages)
            if (taskId.StartsWith($"{s.JobId[..16]}-s{s.Stage}-", StringComparison.Ordinal)) return s;
        return null;
    }

    private async Task<Dictionary<string, string>> StatusesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] taskIds,
        CancellationToken cancellationToken)
    {
        await using var status = Command("TaskStatuses", connection, transaction);
        status.Parameters.AddWithValue("task_ids", taskIds);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await status.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) statuses[reader.GetString(0)] = reader.GetString(1);
        return statuses;
    }

    public Task<TaskFailOutcome> TaskFailAsync(TaskFailParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (parameters.RetryDelay is { } retryDelay)
            {
                await using var retry = Command("TaskRetry", connection, transaction);
                retry.Parameters.AddWithValue("task_id", parameters.TaskId);
                retry.Parameters.AddWithValue("worker", parameters.WorkerId);
                retry.Parameters.AddWithValue("attempt", parameters.Attempt);
                retry.Parameters.Add(new NpgsqlParameter("retry_delay", NpgsqlDbType.Interval) { Value = retryDelay });
                retry.Parameters.AddWithValue("error_type", parameters.ErrorType);
                retry.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
                if (await retry.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    // Idle workers (this one's peers included) wake, learn from TaskNextDue when the
                    // retry falls due, and wait for exactly that instead of their fallback poll.
                    await NotifyAsync(connection, transaction, "tasks", cancellationToken);
                    return new TaskFailOutcome(TaskFailStatus.RetryScheduled);
                }
            }
            string? jobId;
            var stage = 0;
            await using (var fail = Command("TaskFail", connection, transaction))
            {
                fail.Parameters.AddWithValue("task_id", parameters.TaskId);
                fail.Parameters.AddWithValue("worker", parameters.WorkerId);
                fail.Parameters.AddWithValue("attempt", parameters.Attempt);
                fail.Parameters.AddWithValue("error_type", parameters.ErrorType);
                fail.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
                await using var reader = await fail.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken)) (jobId, stage) = (reader.GetString(0), reader.GetInt32(1));
                else jobId = null;
            }
            if (jobId is null)
            {
                // The attempt no longer holds the task. A task still queued or running belongs to a
                // newer attempt, whose outcome is its own; anything else has ended already.
                var status = (await StatusesAsync(connection, transaction, [parameters.TaskId], cancellationToken)).GetValueOrDefault(parameters.TaskId);
                return new TaskFailOutcome(status is "pending" or "queued" or "processing" ? TaskFailStatus.NotOwner : TaskFailStatus.NotRunning);
            }
            var (tolerated, _) = await FailedForGoodAsync(connection, transaction, jobId, stage, parameters.TaskId,
                $"{parameters.ErrorType}: {parameters.ErrorMessage}", cancellationToken);
            return new TaskFailOutcome(tolerated ? TaskFailStatus.FailureTolerated : TaskFailStatus.JobFailed);
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<TaskRecord>>(async connection =>
        {
            await using var command = Command("TaskList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
            command.Parameters.AddWithValue("limit", parameters.Limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
