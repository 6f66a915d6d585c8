using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

internal sealed partial class SqliteStoreTransaction
{
    public async Task<IReadOnlyList<TaskRecordStatus>> TasksReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken)
    {
        var statuses = new List<TaskRecordStatus>(parameters.Tasks.Count);
        if (parameters.Tasks.Count == 0) return statuses;
        await using var release = Command("TaskRelease", Clock, ("worker", parameters.WorkerId), ("task_id", ""), ("attempt", 0));
        foreach (var task in parameters.Tasks)
        {
            release.Parameters["@task_id"].Value = task.TaskId;
            release.Parameters["@attempt"].Value = task.Attempt;
            // Null: no longer this attempt's. Otherwise requeued, or cancelled because its job ended meanwhile.
            if (await release.ExecuteScalarAsync(cancellationToken) is string status) statuses.Add(StatusNames.ParseTask(status));
        }
        return statuses;
    }

    public async Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken)
    {
        await using var cancel = Command("TaskCancel", Clock, ("task_id", parameters.TaskId), ("worker", parameters.WorkerId), ("attempt", parameters.Attempt));
        return StoredTaskStatus.CancelOutcome(await cancel.ExecuteScalarAsync(cancellationToken) as string);
    }
}
