using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>Read-only views of a job's progress: stage counters, pending control work (its events: Events).</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StageRecord>>(async connection =>
        {
            await using var command = Command("StageList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (StageRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<WorkRecord>>(async connection =>
        {
            // Two queries, not an optional filter: a prepared statement's generic plan cannot use the
            // key for "@job_id IS NULL OR job_id = @job_id" (see sql/postgres/queries/queries.sql).
            await using var command = Command(parameters.JobId is null ? "WorkList" : "WorkListForJob", connection);
            if (parameters.JobId is { } jobId) command.Parameters.AddWithValue("job_id", jobId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
