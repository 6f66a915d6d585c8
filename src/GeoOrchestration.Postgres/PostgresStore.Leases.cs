using GeoOrchestration.Model;
using GeoOrchestration.Store;
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
}
