using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>The audit trail: a job's events in (writing transaction, event id) order (sql/postgres/queries/events.sql).</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            var after = parameters.After ?? default;
            await using var command = Command("JobEventList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("after_xact", NpgsqlDbType.Text) { Value = after.Transaction.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Bigint) { Value = after.EventId });
            command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text)
                { Value = (object?)parameters.KindNames()?.ToArray() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("settled", NpgsqlDbType.Boolean) { Value = parameters.SettledOnly });
            command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = (object?)parameters.Limit ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobEventRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
