using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>The worker registry of this schema (sql/postgres/queries/workers.sql): the database's clock.</summary>
public sealed partial class PostgresStore
{
    public Task<WorkerRecord?> WorkerRegisterAsync(WorkerRegisterParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = ClockedCommand("WorkerRegister", connection, transaction);
            command.Parameters.AddWithValue("worker_id", parameters.WorkerId);
            command.Parameters.AddWithValue("instance", parameters.Instance);
            command.Parameters.AddWithValue("host", parameters.Host);
            command.Parameters.AddWithValue("process_id", parameters.ProcessId);
            command.Parameters.AddWithValue("version", parameters.Version);
            command.Parameters.AddWithValue("job_types", WorkerRow.JobTypesJson(parameters.JobTypes));
            command.Parameters.AddWithValue("concurrency", parameters.Concurrency);
            command.Parameters.AddWithValue("transport", parameters.Transport);
            command.Parameters.AddWithValue("uptime", parameters.Uptime);
            command.Parameters.AddWithValue("expiry", parameters.Expiry);
            command.Parameters.AddWithValue("running", parameters.Running);
            command.Parameters.AddWithValue("stopping", parameters.Stopping);
            WorkerRecord? holder = null;
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Refused: ON CONFLICT locked the row it did not update, so this read in the same transaction is the row that refused it.
                await using var read = ClockedCommand("WorkerHolder", connection, transaction);
                read.Parameters.AddWithValue("worker_id", parameters.WorkerId);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                holder = (await StoreRowReader.ReadAsync(reader, static (WorkerRow row) => row.ToRecord(), cancellationToken)).Single();
            }
            await transaction.CommitAsync(cancellationToken);
            return holder;
        }, cancellationToken);

    public Task<bool> WorkerHeartbeatAsync(WorkerHeartbeatParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = ClockedCommand("WorkerHeartbeat", connection);
            command.Parameters.AddWithValue("worker_id", parameters.WorkerId);
            command.Parameters.AddWithValue("instance", parameters.Instance);
            command.Parameters.AddWithValue("expiry", parameters.Expiry);
            command.Parameters.AddWithValue("running", parameters.Running);
            command.Parameters.AddWithValue("stopping", parameters.Stopping);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<bool> WorkerDeregisterAsync(WorkerRef parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("WorkerDeregister", connection);
            command.Parameters.AddWithValue("worker_id", parameters.WorkerId);
            command.Parameters.Add(new NpgsqlParameter("instance", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)parameters.Instance ?? DBNull.Value });
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<WorkerRecord>?> WorkerListAsync(CancellationToken cancellationToken) =>
        await WorkerRowsAsync("WorkerList", cancellationToken);

    public Task<IReadOnlyList<WorkerRecord>> WorkerExpireAsync(CancellationToken cancellationToken) =>
        WorkerRowsAsync("WorkerExpire", cancellationToken);

    private Task<IReadOnlyList<WorkerRecord>> WorkerRowsAsync(string query, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<WorkerRecord>>(async connection =>
        {
            await using var command = ClockedCommand(query, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkerRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
