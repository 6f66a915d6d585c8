using GeoOrchestration.Progress;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>The latest mark any worker left on this file (see the WorkerActivity query), by the store's clock.</summary>
    public Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) =>
        ReadAsync<WorkerActivity?>(async connection =>
        {
            var now = Now();
            await using var command = Command("WorkerActivity", connection, null, ("now", now));
            var last = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return new WorkerActivity(DateTimeOffset.FromUnixTimeMilliseconds(now), last == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(last));
        }, cancellationToken);
}
