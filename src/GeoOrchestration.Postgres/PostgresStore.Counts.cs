using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<long> JobCountAsync(JobCountParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("JobCount", connection);
            command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text)
                { Value = parameters.Status is { } s ? StatusNames.ToName(s) : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("job_type", NpgsqlDbType.Text) { Value = (object?)parameters.JobType ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = (object?)parameters.CreatedSince ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("request_id", NpgsqlDbType.Text) { Value = (object?)parameters.RequestId ?? DBNull.Value });
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<long> TaskCountAsync(TaskCountParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("TaskCount", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text)
                { Value = parameters.Status is { } s ? StatusNames.ToName(s) : DBNull.Value });
            command.Parameters.AddWithValue("from_stage", parameters.FromStage);
            command.Parameters.AddWithValue("to_stage", parameters.ToStage);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
}
