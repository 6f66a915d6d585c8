using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

/// <summary>The worker registry on this file (sql/sqlite/queries/workers.sql).</summary>
public sealed partial class SqliteStore
{
    public Task<WorkerRecord?> WorkerRegisterAsync(WorkerRegisterParams parameters, CancellationToken cancellationToken) =>
        WriteAsync<WorkerRecord?>(async (connection, transaction) =>
        {
            if (await NonQueryAsync("WorkerRegister", connection, transaction, cancellationToken, Clock,
                    ("worker_id", parameters.WorkerId), ("instance", parameters.Instance), ("host", parameters.Host), ("process_id", parameters.ProcessId), ("version", parameters.Version),
            ("job_types", WorkerRow.JobTypesJson(parameters.JobTypes)), ("concurrency", parameters.Concurrency),
            ("transport", parameters.Transport), ("uptime", Milliseconds(parameters.Uptime)), ("expiry", Milliseconds(parameters.Expiry)),
                    ("running", parameters.Running), ("stopping", parameters.Stopping ? 1 : 0)) > 0)
                return null;
            // Refused, in the same write transaction: the holder read is the row that refused it.
            await using var command = Command("WorkerHolder", connection, transaction, Clock, ("worker_id", parameters.WorkerId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return (await StoreRowReader.ReadAsync(reader, static (WorkerRow row) => row.ToRecord(), cancellationToken)).Single();
        }, cancellationToken);

    public async Task<bool> WorkerHeartbeatAsync(WorkerHeartbeatParams parameters, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => NonQueryAsync("WorkerHeartbeat", connection, transaction, cancellationToken, Clock,
            ("worker_id", parameters.WorkerId), ("instance", parameters.Instance), ("expiry", Milliseconds(parameters.Expiry)), ("running", parameters.Running),
            ("stopping", parameters.Stopping ? 1 : 0)), cancellationToken) > 0;

    public async Task<bool> WorkerDeregisterAsync(WorkerRef parameters, CancellationToken cancellationToken) =>
        await WriteAsync((connection, transaction) => NonQueryAsync("WorkerDeregister", connection, transaction, cancellationToken,
            ("worker_id", parameters.WorkerId), ("instance", parameters.Instance)), cancellationToken) > 0;

    public Task<IReadOnlyList<WorkerRecord>?> WorkerListAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WorkerRecord>?>(async connection =>
        {
            await using var command = Command("WorkerList", connection, null, Clock);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkerRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<WorkerRecord>> WorkerExpireAsync(CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<WorkerRecord>>(async (connection, transaction) =>
        {
            await using var command = Command("WorkerExpire", connection, transaction, Clock);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkerRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
