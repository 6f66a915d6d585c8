using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<LeaseRenewal>> LeaseRenewAsync(LeaseRenewParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<LeaseRenewal>>(async connection =>
        {
            if (parameters.Control is { Count: > 0 } control)
            {
                await using var work = ClockedCommand("WorkLeaseRenew", connection);
                work.Parameters.AddWithValue("worker", parameters.WorkerId);
                work.Parameters.AddWithValue("lease", parameters.Lease);
                work.Parameters.AddWithValue("job_ids", control.Select(c => c.JobId).ToArray());
                work.Parameters.AddWithValue("kinds", control.Select(c => WorkKindNames.ToName(c.Kind)).ToArray());
                work.Parameters.AddWithValue("stages", control.Select(c => c.Stage).ToArray());
                work.Parameters.AddWithValue("attempts", control.Select(c => c.Attempt).ToArray());
                await work.ExecuteNonQueryAsync(cancellationToken);
            }
            if (parameters.Tasks.Count == 0) return [];
            await using var renew = ClockedCommand("LeaseRenew", connection);
            renew.Parameters.AddWithValue("worker", parameters.WorkerId);
            renew.Parameters.AddWithValue("lease", parameters.Lease);
            renew.Parameters.AddWithValue("task_ids", parameters.Tasks.Select(t => t.TaskId).ToArray());
            renew.Parameters.AddWithValue("attempts", parameters.Tasks.Select(t => t.Attempt).ToArray());
            renew.Parameters.Add(new Npgsql.NpgsqlParameter("percents", NpgsqlDbType.Array | NpgsqlDbType.Real)
                { Value = parameters.Tasks.Select(t => t.ProgressPercent is { } p ? (float?)p : null).ToArray() });
            renew.Parameters.Add(new Npgsql.NpgsqlParameter("messages", NpgsqlDbType.Array | NpgsqlDbType.Text)
                { Value = parameters.Tasks.Select(t => t.ProgressMessage).ToArray() });
            var renewed = new List<LeaseRenewal>(parameters.Tasks.Count);
            await using var reader = await renew.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                renewed.Add(new LeaseRenewal(reader.GetString(0), StatusNames.ParseJob(reader.GetString(1))));
            return renewed;
        }, cancellationToken);

    public Task<int> TaskReleaseAsync(TaskReleaseParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (parameters.Tasks.Count == 0) return 0;
            await using var release = ClockedCommand("TaskRelease", connection, transaction);
            release.Parameters.AddWithValue("worker", parameters.WorkerId);
            release.Parameters.AddWithValue("task_ids", parameters.Tasks.Select(t => t.TaskId).ToArray());
            release.Parameters.AddWithValue("attempts", parameters.Tasks.Select(t => t.Attempt).ToArray());
            // A row per task still held: requeued, or cancelled because its job ended meanwhile.
            var (released, requeued) = (0, 0);
            await using (var reader = await release.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                {
                    released++;
                    if (StoredTaskStatus.IsQueued(reader.GetString(0))) requeued++;
                }
            // Only a requeued task is work to wake the workers for (delivered at commit).
            if (requeued > 0) await NotifyAsync(connection, transaction, "tasks", cancellationToken);
            return released;
        }, cancellationToken);

    public Task<TaskCancelStatus> TaskCancelAsync(TaskCancelParams parameters, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var cancel = ClockedCommand("TaskCancel", connection, transaction);
            cancel.Parameters.AddWithValue("task_id", parameters.TaskId);
            cancel.Parameters.AddWithValue("worker", parameters.WorkerId);
            cancel.Parameters.AddWithValue("attempt", parameters.Attempt);
            var status = StoredTaskStatus.CancelOutcome(await cancel.ExecuteScalarAsync(cancellationToken) as string);
            // A task handed back is runnable at once: wake the workers (delivered at commit).
            if (status == TaskCancelStatus.Requeued) await NotifyAsync(connection, transaction, "tasks", cancellationToken);
            return status;
        }, cancellationToken);
}
