using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public Task<LeasesElsewhere> LeasesElsewhereAsync(LeasesElsewhereParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("LeasesElsewhere", connection, null, ("now", Now()), ("worker", parameters.WorkerId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (tasks, control) = (reader.GetInt32(0), reader.GetInt32(1));
            return tasks + control == 0 ? LeasesElsewhere.None
                : new LeasesElsewhere(tasks, control, reader.GetInt32(2), reader.GetString(3), TimeSpan.FromMilliseconds(reader.GetInt64(4)));
        }, cancellationToken);
}
