using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational.Retention;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>
/// Retention (migration 0020): the policy, and pruning in batches. A batch is one short transaction
/// that locks only the rows it deletes (a job's tasks nobody else touches, then its row), under a
/// transaction advisory lock of its own (PruneLock: one pruner at a time, and never in the janitor's
/// way). Deleted rows are left to autovacuum, which a batch's bounded size lets keep up: no VACUUM is
/// run from here (it cannot run in a transaction, and a VACUUM FULL would lock the table).
/// </summary>
public sealed partial class PostgresStore
{
    public Task<RetentionPolicy> RetentionGetAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => RetentionReadAsync(connection, null, cancellationToken), cancellationToken);

    public Task<RetentionPolicy> RetentionSetAsync(RetentionSetParams parameters, CancellationToken cancellationToken)
    {
        RetentionRules.Check(parameters);
        return InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var change in parameters.Changes)
            {
                await using var set = ClockedCommand("RetentionSet", connection, transaction);
                set.Parameters.AddWithValue("status", StatusNames.ToName(change.Status));
                set.Parameters.Add(new NpgsqlParameter("keep_for", NpgsqlDbType.Interval) { Value = (object?)change.KeepFor ?? DBNull.Value });
                await set.ExecuteNonQueryAsync(cancellationToken);
            }
            return await RetentionReadAsync(connection, transaction, cancellationToken);
        }, cancellationToken);
    }

    public Task<PruneCount> PruneCountAsync(PruneCountParams parameters, CancellationToken cancellationToken)
    {
        RetentionRules.Check(parameters.Rules);
        // One transaction: the counts of every rule read one snapshot and one now().
        return InTransactionAsync((connection, transaction) => PruneCounter.RunAsync(Command("PruneCountRemoving", connection, transaction),
            rule =>
            {
                var count = ClockedCommand("PruneCount", connection, transaction);
                count.Parameters.AddWithValue("status", StatusNames.ToName(rule.Status));
                count.Parameters.AddWithValue("older_than", rule.OlderThan);
                return count;
            }, parameters.Rules, cancellationToken), cancellationToken);
    }

    public Task<PruneBatchResult> PruneBatchAsync(PruneBatchParams parameters, CancellationToken cancellationToken)
    {
        PruneBatch.Check(parameters);
        return InTransactionAsync(async (connection, transaction) =>
        {
            await using (var gate = Command("PruneLock", connection, transaction))
            {
                gate.Parameters.AddWithValue("schema_name", Schema.Value);
                if (!(bool)(await gate.ExecuteScalarAsync(cancellationToken))!)
                    return new PruneBatchResult(PruneBatchStatus.HeldElsewhere, 0, 0, 0);
            }
            return await PruneBatch.RunAsync(new PostgresPruneSteps(this, connection, transaction), parameters, cancellationToken);
        }, cancellationToken);
    }

    private async Task<RetentionPolicy> RetentionReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var settings = new List<RetentionSetting>();
        await using var command = Command("RetentionGet", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            settings.Add(new RetentionSetting(StatusNames.ParseJob(reader.GetString(0)),
                reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(Math.Round(reader.GetDouble(1))),
                reader.GetFieldValue<DateTimeOffset>(2)));
        return new RetentionPolicy(RetentionRules.InOrder(settings));
    }
}
