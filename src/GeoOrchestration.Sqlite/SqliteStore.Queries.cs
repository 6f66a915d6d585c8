using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Rows;

namespace GeoOrchestration.Sqlite;

/// <summary>Read-only views of a job's progress: audit events, stage counters, pending control work.</summary>
public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            await using var command = Command("JobEventList", connection, null, ("job_id", parameters.JobId),
                ("kind", parameters.Kind is { } kind ? JobEventKinds.ToName(kind) : null), ("stage", parameters.Stage));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobEventRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StageRecord>>(async connection =>
        {
            await using var command = Command("StageList", connection, null, ("job_id", parameters.JobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (StageRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WorkRecord>>(async connection =>
        {
            await using var command = Command("WorkList", connection, null, ("job_id", parameters.JobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
