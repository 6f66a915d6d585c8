using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Rows;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        var (available, due) = await ReadAsync(async connection =>
        {
            await using var probe = Command("WorkAvailable", connection, null);
            await using var reader = await probe.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0) != 0, Due(reader, 1));
        }, cancellationToken);
        if (!available) return new WorkClaimOutcome([], due);
        return await WriteAsync(async (connection, transaction) =>
        {
            // Control work first, then tasks for the slots left: one transaction holds the only write
            // lock, so nothing claimed here has to be handed back. One instant for the claims and the
            // next due time: a task is either claimed or counted there.
            var now = Now();
            var items = new List<WorkItem>();
            var control = new List<(string JobId, string Kind, int Stage, int Attempts)>();
            await using (var claim = Command("WorkClaim", connection, transaction,
                ("worker", parameters.WorkerId), ("limit", parameters.Limit), ("lease", Milliseconds(parameters.Lease)), ("now", now)))
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    control.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
            foreach (var (jobId, kind, stage, attempts) in control)
            {
                var job = await JobGetAsync(connection, transaction, jobId, cancellationToken);
                if (job is null) continue; // the foreign key cascade makes this impossible; be safe anyway
                items.Add(new WorkItem
                {
                    Kind = kind == "plan" ? WorkKind.PlanStage : WorkKind.Finalize,
                    JobId = jobId,
                    Stage = stage,
                    JobType = job.JobType,
                    JobParameters = job.Parameters,
                    JobStatus = job.Status,
                    TotalStages = job.TotalStages,
                    Attempt = attempts,
                });
            }
            if (items.Count < parameters.Limit)
                items.AddRange(await ClaimTasksAsync(connection, transaction, parameters, parameters.Limit - items.Count, now, cancellationToken));
            await using var next = Command("TaskNextDue", connection, transaction, ("now", now));
            await using var dueReader = await next.ExecuteReaderAsync(cancellationToken);
            await dueReader.ReadAsync(cancellationToken);
            return new WorkClaimOutcome(items, Due(dueReader, 0));
        }, cancellationToken);
    }

    /// <summary>A "how long until due" column in milliseconds as a span; null when no task waits.</summary>
    private static TimeSpan? Due(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(ordinal));

    private async Task<IReadOnlyList<WorkItem>> ClaimTasksAsync(SqliteConnection connection, SqliteTransaction transaction, WorkClaimParams claim,
        int limit, long now, CancellationToken cancellationToken)
    {
        await using var command = Command("TaskClaim", connection, transaction,
            ("worker", claim.WorkerId), ("limit", limit), ("lease", Milliseconds(claim.Lease)), ("now", now));
        // Hot path: read on the raw driver, not through the shared row types (see StoreRowReader):
        // a claim runs per batch of tasks, and an intermediate row per task would double its allocations.
        var tasks = new List<WorkItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tasks.Add(new WorkItem
            {
                Kind = WorkKind.RunTask,
                TaskId = reader.GetString(reader.GetOrdinal("task_id")),
                JobId = reader.GetString(reader.GetOrdinal("job_id")),
                Stage = reader.GetInt32(reader.GetOrdinal("stage")),
                TaskType = reader.GetString(reader.GetOrdinal("task_type")),
                TaskParameters = JsonNode.Parse(reader.GetString(reader.GetOrdinal("parameters")))!.AsObject(),
                Attempt = reader.GetInt32(reader.GetOrdinal("attempts")),
                MaxAttempts = reader.GetInt32(reader.GetOrdinal("max_attempts")),
                TaskTimeout = SqliteRows.Span(reader, "timeout"),
                JobStatus = StatusNames.ParseJob(reader.GetString(reader.GetOrdinal("job_status"))),
            });
        return tasks;
    }

    public async Task<TaskCompleteOutcome> TaskCompleteAsync(TaskCompleteParams parameters, CancellationToken cancellationToken) =>
        (await TaskCompleteBatchAsync([parameters], cancellationToken))[0];

    public Task<IReadOnlyList<TaskCompleteOutcome>> TaskCompleteBatchAsync(IReadOnlyList<TaskCompleteParams> completions,
        CancellationToken cancellationToken)
    {
        if (completions.Count == 0) return Task.FromResult<IReadOnlyList<TaskCompleteOutcome>>([]);
        return WriteAsync<IReadOnlyList<TaskCompleteOutcome>>(async (connection, transaction) =>
        {
            // Each task row is updated on its own (SQLite statements are calls, not round trips); the
            // counter of each stage is then touched once per batch. The status guard keeps a task
            // from counting twice, within one batch or across batches.
            var completedStage = new Dictionary<string, (string JobId, int Stage)>(StringComparer.Ordinal);
            await using (var complete = Command("TaskComplete", connection, transaction, ("task_id", ""), ("result", null)))
            {
                foreach (var completion in completions)
                {
                    if (completedStage.ContainsKey(completion.TaskId)) continue;
                    complete.Parameters["@task_id"].Value = completion.TaskId;
                    complete.Parameters["@result"].Value = completion.Result is null ? DBNull.Value : CanonicalJson.SerializeToString(completion.Result);
                    await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken)) completedStage[completion.TaskId] = (reader.GetString(0), reader.GetInt32(1));
                }
            }
            var closing = new HashSet<(string JobId, int Stage)>();
            foreach (var group in completedStage.Values.GroupBy(s => s))
            {
                await using var count = Command("StageCount", connection, transaction, ("job_id", group.Key.JobId), ("stage", group.Key.Stage), ("n", group.Count()));
                await using var reader = await count.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) != 0) continue;
                var totalStages = reader.GetInt32(1);
                await reader.DisposeAsync();
                closing.Add(group.Key);
                await AdvanceAsync(connection, transaction, group.Key.JobId, group.Key.Stage, totalStages, cancellationToken);
            }

            var outcomes = new List<TaskCompleteOutcome>(completions.Count);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var completion in completions)
            {
                if (completedStage.TryGetValue(completion.TaskId, out var stage) && reported.Add(completion.TaskId))
                {
                    // The stage-closing flag goes to one completion of the stage: the batch closed it once.
                    outcomes.Add(new TaskCompleteOutcome(TaskCompleteStatus.Completed, closing.Remove(stage)));
                    continue;
                }
                var status = completedStage.ContainsKey(completion.TaskId)
                    ? "completed"
                    : await TaskStatusAsync(connection, transaction, completion.TaskId, cancellationToken);
                outcomes.Add(status switch
                {
                    null => new TaskCompleteOutcome(TaskCompleteStatus.NotFound),
                    "completed" => new TaskCompleteOutcome(TaskCompleteStatus.AlreadyCompleted, TaskStatus: "completed"),
                    _ => new TaskCompleteOutcome(TaskCompleteStatus.NotCompletable, TaskStatus: status),
                });
            }
            return outcomes;
        }, cancellationToken, wakes: true);
    }

    private async Task<string?> TaskStatusAsync(SqliteConnection connection, SqliteTransaction transaction, string taskId, CancellationToken cancellationToken)
    {
        await using var status = Command("TaskStatus", connection, transaction, ("task_id", taskId));
        return await status.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<TaskFailOutcome> TaskFailAsync(TaskFailParams parameters, CancellationToken cancellationToken)
    {
        var outcome = await WriteAsync(async (connection, transaction) =>
        {
            (string Name, object? Value)[] held = [("task_id", parameters.TaskId), ("worker", parameters.WorkerId), ("attempt", parameters.Attempt),
                ("error_type", parameters.ErrorType), ("error_message", parameters.ErrorMessage)];
            if (parameters.RetryDelay is { } retryDelay)
            {
                await using var retry = Command("TaskRetry", connection, transaction, [.. held, ("retry_delay", Milliseconds(retryDelay))]);
                if (await retry.ExecuteScalarAsync(cancellationToken) is not null)
                    return new TaskFailOutcome(TaskFailStatus.RetryScheduled);
            }
            string? jobId = null;
            var stage = 0;
            await using (var fail = Command("TaskFail", connection, transaction, held))
            await using (var reader = await fail.ExecuteReaderAsync(cancellationToken))
                if (await reader.ReadAsync(cancellationToken)) (jobId, stage) = (reader.GetString(0), reader.GetInt32(1));
            if (jobId is null)
            {
                // The attempt no longer holds the task. A task still queued or running belongs to a
                // newer attempt, whose outcome is its own; anything else has ended already.
                var status = await TaskStatusAsync(connection, transaction, parameters.TaskId, cancellationToken);
                return new TaskFailOutcome(status is "pending" or "queued" or "processing" ? TaskFailStatus.NotOwner : TaskFailStatus.NotRunning);
            }
            var (tolerated, _) = await FailedForGoodAsync(connection, transaction, jobId, stage, parameters.TaskId,
                $"{parameters.ErrorType}: {parameters.ErrorMessage}", cancellationToken);
            return new TaskFailOutcome(tolerated ? TaskFailStatus.FailureTolerated : TaskFailStatus.JobFailed);
        }, cancellationToken);
        // Idle workers (this one's peers included) wake, learn from the claim when the retry falls
        // due, and wait for exactly that instead of their fallback poll.
        // A tolerated failure may have advanced its stage: the next step is new work too.
        if (outcome.Status is TaskFailStatus.RetryScheduled or TaskFailStatus.FailureTolerated) Wake();
        return outcome;
    }

    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TaskRecord>>(async connection =>
        {
            await using var command = Command("TaskList", connection, null, ("job_id", parameters.JobId), ("stage", parameters.Stage), ("limit", parameters.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
