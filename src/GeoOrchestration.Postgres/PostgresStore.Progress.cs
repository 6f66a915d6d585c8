using GeoOrchestration.Progress;

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
}
