using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>Steps on tasks and their stage counters: completion, retry, failure, requeue.</summary>
internal sealed partial class PostgresStoreTransaction
{
    public async Task<TaskCompleteManyOutcome> TaskCompleteManyAsync(TaskCompleteManyParams parameters, CancellationToken cancellationToken)
    {
        var completions = parameters.Completions;
        var completed = new List<CompletedTask>(completions.Count);
        var stages = new List<StageCount>();
        await using var complete = ClockedCommand("TaskComplete");
        complete.Parameters.AddWithValue("task_ids", completions.Select(c => c.TaskId).ToArray());
        complete.Parameters.Add(new NpgsqlParameter("results", NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = completions.Select(c => c.Result is null ? null : CanonicalJson.SerializeToString(c.Result)).ToArray() });
        // Hot path: outcome columns by position on the raw driver (see StoreRowReader).
        await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 0) completed.Add(new CompletedTask(reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            else stages.Add(new StageCount(reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
        }
        return new TaskCompleteManyOutcome(completed, stages);
    }

    public async Task<IReadOnlyDictionary<string, TaskRecordStatus>> TaskStatusesAsync(TaskStatusesParams parameters,
        CancellationToken cancellationToken)
    {
        await using var status = Command("TaskStatuses");
        status.Parameters.AddWithValue("task_ids", parameters.TaskIds.ToArray());
        var statuses = new Dictionary<string, TaskRecordStatus>(StringComparer.Ordinal);
        await using var reader = await status.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) statuses[reader.GetString(0)] = StatusNames.ParseTask(reader.GetString(1));
        return statuses;
    }

    public async Task<TaskRetryOutcome> TaskRetryScheduleAsync(TaskRetryScheduleParams parameters, CancellationToken cancellationToken)
    {
        await using var retry = ClockedCommand("TaskRetry");
        retry.Parameters.AddWithValue("task_id", parameters.TaskId);
        retry.Parameters.AddWithValue("worker", parameters.WorkerId);
        retry.Parameters.AddWithValue("attempt", parameters.Attempt);
        retry.Parameters.Add(new NpgsqlParameter("retry_delay", NpgsqlDbType.Interval) { Value = parameters.RetryDelay });
        retry.Parameters.AddWithValue("error_type", parameters.ErrorType);
        retry.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
        await using var reader = await retry.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TaskRetryOutcome(StoredTaskStatus.RetryOutcome(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4))
            : TaskRetryOutcome.NotScheduled;
    }

    public async Task<FailedTask?> TaskFailForGoodAsync(TaskFailForGoodParams parameters, CancellationToken cancellationToken)
    {
        await using var fail = ClockedCommand("TaskFail");
        fail.Parameters.AddWithValue("task_id", parameters.TaskId);
        fail.Parameters.AddWithValue("worker", parameters.WorkerId);
        fail.Parameters.AddWithValue("attempt", parameters.Attempt);
        fail.Parameters.AddWithValue("error_type", parameters.ErrorType);
        fail.Parameters.AddWithValue("error_message", parameters.ErrorMessage);
        await using var reader = await fail.ExecuteReaderAsync(cancellationToken);
        // The reason is the engine's wording, not the store's.
        return await reader.ReadAsync(cancellationToken)
            ? new FailedTask(parameters.TaskId, reader.GetString(0), reader.GetInt32(1), Reason: "")
            : null;
    }

    public async Task<StageFailureOutcome> StageFailureCountAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        var tolerate = ClockedCommand("StageTolerateFailure");
        tolerate.Parameters.AddWithValue("job_id", parameters.JobId);
        tolerate.Parameters.AddWithValue("stage", parameters.Stage);
        // Beyond tolerance (the rare path): one more read, for what the stage allowed.
        return await StageFailureCount.RunAsync(tolerate, () =>
        {
            var read = Command("StageFailuresAllowed");
            read.Parameters.AddWithValue("job_id", parameters.JobId);
            read.Parameters.AddWithValue("stage", parameters.Stage);
            return read;
        }, cancellationToken);
    }

    public async Task StageReopenFailuresAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        await using var reopen = Command("StageReopenFailures");
        reopen.Parameters.AddWithValue("job_id", parameters.JobId);
        reopen.Parameters.AddWithValue("stage", parameters.Stage);
        await reopen.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> StageFirstWithFailuresAsync(JobRef parameters, CancellationToken cancellationToken)
    {
        await using var first = Command("StageFirstWithFailures");
        first.Parameters.AddWithValue("job_id", parameters.JobId);
        return await first.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task<int> StageRewindAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        await using var rewind = Command("StageRewind");
        rewind.Parameters.AddWithValue("job_id", parameters.JobId);
        rewind.Parameters.AddWithValue("stage", parameters.Stage);
        PostgresStore.AddTaskIds(rewind, JobIdentity.TaskIdsOf(parameters.JobId));
        return (int)(await rewind.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int> TasksRequeueForStageAsync(StageRef parameters, CancellationToken cancellationToken)
    {
        await using var requeue = ClockedCommand("TasksRequeueForStage");
        requeue.Parameters.AddWithValue("job_id", parameters.JobId);
        requeue.Parameters.AddWithValue("stage", parameters.Stage);
        PostgresStore.AddTaskIds(requeue, JobIdentity.TaskIdsOf(parameters.JobId, parameters.Stage));
        return await requeue.ExecuteNonQueryAsync(cancellationToken);
    }
}
