using GeoOrchestration.Store;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<LeasesElsewhere> LeasesElsewhereAsync(LeasesElsewhereParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = ClockedCommand("LeasesElsewhere", connection);
            command.Parameters.AddWithValue("worker", parameters.WorkerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (tasks, control) = (reader.GetInt32(0), reader.GetInt32(1));
            return tasks + control == 0 ? LeasesElsewhere.None
                : new LeasesElsewhere(tasks, control, reader.GetInt32(2), reader.GetString(3), TimeSpan.FromSeconds(reader.GetDouble(4)));
        }, cancellationToken);
}
