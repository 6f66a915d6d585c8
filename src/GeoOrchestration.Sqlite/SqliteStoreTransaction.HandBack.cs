using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

internal sealed partial class SqliteStoreTransaction
{
    public async Task<IReadOnlyList<ReleasedTask>> TasksReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken)
    {
        var statuses = new List<ReleasedTask>(parameters.Tasks.Count);
        if (parameters.Tasks.Count == 0) return statuses;
        await using var release = Command("TaskRelease", Clock, ("worker", parameters.WorkerId), ("task_id", ""), ("attempt", 0));
        foreach (var task in parameters.Tasks)
        {
            release.Parameters["@task_id"].Value = task.TaskId;
            release.Parameters["@attempt"].Value = task.Attempt;
            // Null: no longer this attempt's. Otherwise requeued, or cancelled because its job ended meanwhile.
            await using var reader = await release.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                statuses.Add(new ReleasedTask(task.TaskId, reader.GetString(1), reader.GetInt32(2), StatusNames.ParseTask(reader.GetString(0))));
        }
        return statuses;
    }

    public async Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken)
    {
        await using var cancel = Command("TaskCancel", Clock, ("task_id", parameters.TaskId), ("worker", parameters.WorkerId), ("attempt", parameters.Attempt));
        return StoredTaskStatus.CancelOutcome(await cancel.ExecuteScalarAsync(cancellationToken) as string);
    }
}
