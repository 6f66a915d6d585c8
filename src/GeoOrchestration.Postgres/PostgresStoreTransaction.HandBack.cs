using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Postgres;

internal sealed partial class PostgresStoreTransaction
{
    public async Task<IReadOnlyList<ReleasedTask>> TasksReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken)
    {
        var statuses = new List<ReleasedTask>(parameters.Tasks.Count);
        if (parameters.Tasks.Count == 0) return statuses;
        await using var release = ClockedCommand("TaskRelease");
        release.Parameters.AddWithValue("worker", parameters.WorkerId);
        release.Parameters.AddWithValue("task_ids", parameters.Tasks.Select(t => t.TaskId).ToArray());
        release.Parameters.AddWithValue("attempts", parameters.Tasks.Select(t => t.Attempt).ToArray());
        // A row per task still held: requeued, or cancelled because its job ended meanwhile.
        await using var reader = await release.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            statuses.Add(new ReleasedTask(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), StatusNames.ParseTask(reader.GetString(0))));
        return statuses;
    }

    public async Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken)
    {
        await using var cancel = ClockedCommand("TaskCancel");
        cancel.Parameters.AddWithValue("task_id", parameters.TaskId);
        cancel.Parameters.AddWithValue("worker", parameters.WorkerId);
        cancel.Parameters.AddWithValue("attempt", parameters.Attempt);
        return StoredTaskStatus.CancelOutcome(await cancel.ExecuteScalarAsync(cancellationToken) as string);
    }
}
