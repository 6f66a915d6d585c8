using GeoOrchestration.Progress;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<WorkerActivity?>(async connection =>
        {
            await using var command = Command("WorkerActivity", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new WorkerActivity(reader.GetFieldValue<DateTimeOffset>(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
        }, cancellationToken);

    /// <summary>Every listed job's current stage counts in one statement (see the JobProgressList query).</summary>
    public Task<IReadOnlyList<JobStageProgress>> JobProgressAsync(JobProgressParams parameters, CancellationToken cancellationToken) =>
        parameters.Jobs.Count == 0 ? Task.FromResult<IReadOnlyList<JobStageProgress>>([]) :
        WithConnectionAsync<IReadOnlyList<JobStageProgress>>(async connection =>
        {
            await using var command = Command("JobProgressList", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter("job_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = parameters.Jobs.Select(j => j.JobId).ToArray() });
            command.Parameters.Add(new Npgsql.NpgsqlParameter("stages", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = parameters.Jobs.Select(j => j.Stage).ToArray() });
            command.Parameters.Add(new Npgsql.NpgsqlParameter("live", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = parameters.Jobs.Select(j => j.Live).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobProgressRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
