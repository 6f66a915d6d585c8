using GeoOrchestration.Progress;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<StageProgress>> StageProgressAsync(string jobId, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StageProgress>>(async connection =>
        {
            await using var command = Command("StageProgress", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            var stages = new List<StageProgress>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stages.Add(new StageProgress(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
            return stages;
        }, cancellationToken);

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
