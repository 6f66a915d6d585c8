using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational.Retention;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Retention (migration 0020): the policy, and pruning in batches. Each batch is one BEGIN IMMEDIATE
/// transaction, so it is alone among writers (the file's one write lock is the prune lock too) and
/// holds off claims, completions and renewals only for its few thousand rows; the pruner pauses
/// between batches (<see cref="Engine.EngineSteps"/>'s prune pass) so that they get the lock.
/// </summary>
public sealed partial class SqliteStore
{
    public Task<RetentionPolicy> RetentionGetAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => RetentionReadAsync(connection, null, cancellationToken), cancellationToken);

    public Task<RetentionPolicy> RetentionSetAsync(RetentionSetParams parameters, CancellationToken cancellationToken)
    {
        RetentionRules.Check(parameters);
        return WriteAsync(async (connection, transaction) =>
        {
            foreach (var change in parameters.Changes)
                await NonQueryAsync("RetentionSet", connection, transaction, cancellationToken, Clock,
                    ("status", StatusNames.ToName(change.Status)), ("keep_for", change.KeepFor is { } keep ? Milliseconds(keep) : null));
            return await RetentionReadAsync(connection, transaction, cancellationToken);
        }, cancellationToken);
    }

    public Task<PruneCount> PruneCountAsync(PruneCountParams parameters, CancellationToken cancellationToken)
    {
        RetentionRules.Check(parameters.Rules);
        return ReadAsync(connection =>
        {
            // One clock for every rule (each count is its own snapshot, as before).
            var now = Clock;
            return PruneCounter.RunAsync(Command("PruneCountRemoving", connection, null),
                rule => Command("PruneCount", connection, null, now,
                    ("status", StatusNames.ToName(rule.Status)), ("older_than", Milliseconds(rule.OlderThan))),
                parameters.Rules, cancellationToken);
        }, cancellationToken);
    }

    public Task<PruneBatchResult> PruneBatchAsync(PruneBatchParams parameters, CancellationToken cancellationToken)
    {
        PruneBatch.Check(parameters);
        return WriteAsync((connection, transaction) =>
            PruneBatch.RunAsync(new SqlitePruneSteps(this, connection, transaction), parameters, cancellationToken), cancellationToken);
    }

    private async Task<RetentionPolicy> RetentionReadAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var settings = new List<RetentionSetting>();
        await using var command = Command("RetentionGet", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            settings.Add(new RetentionSetting(StatusNames.ParseJob(reader.GetString(0)),
                reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        return new RetentionPolicy(RetentionRules.InOrder(settings));
    }
}
