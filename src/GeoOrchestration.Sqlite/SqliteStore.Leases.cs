using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<LeaseRenewal>> LeaseRenewAsync(LeaseRenewParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.Tasks.Count == 0 && parameters.Control is not { Count: > 0 }) return Task.FromResult<IReadOnlyList<LeaseRenewal>>([]);
        return WriteAsync<IReadOnlyList<LeaseRenewal>>(async (connection, transaction) =>
        {
            var lease = Milliseconds(parameters.Lease);
            if (parameters.Control is { Count: > 0 } control)
            {
                await using var work = Command("WorkLeaseRenew", connection, transaction, Clock,
                    ("worker", parameters.WorkerId), ("lease", lease), ("job_id", ""), ("kind", ""), ("stage", 0), ("attempt", 0));
                foreach (var item in control)
                {
                    work.Parameters["@job_id"].Value = item.JobId;
                    work.Parameters["@kind"].Value = WorkKindNames.ToName(item.Kind);
                    work.Parameters["@stage"].Value = item.Stage;
                    work.Parameters["@attempt"].Value = item.Attempt;
                    await work.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            var renewed = new List<LeaseRenewal>(parameters.Tasks.Count);
            await using var renew = Command("LeaseRenew", connection, transaction, Clock,
                ("worker", parameters.WorkerId), ("lease", lease), ("task_id", ""), ("attempt", 0), ("percent", null), ("message", null));
            foreach (var task in parameters.Tasks)
            {
                renew.Parameters["@task_id"].Value = task.TaskId;
                renew.Parameters["@attempt"].Value = task.Attempt;
                renew.Parameters["@percent"].Value = (object?)task.ProgressPercent ?? DBNull.Value;
                renew.Parameters["@message"].Value = (object?)task.ProgressMessage ?? DBNull.Value;
                await using var reader = await renew.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                    renewed.Add(new LeaseRenewal(reader.GetString(0), StatusNames.ParseJob(reader.GetString(1))));
            }
            return renewed;
        }, cancellationToken);
    }
}
