using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational.Retention;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>The statements of a prune batch (sql/sqlite/queries/retention.sql), in one write transaction.</summary>
internal sealed class SqlitePruneSteps(SqliteStore store, SqliteConnection connection, SqliteTransaction transaction) : IPruneSteps
{
    public async Task<string?> RemovingNextAsync(CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneRemovingNext", connection, transaction);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CandidatesAsync(PruneRule rule, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneCandidates", connection, transaction, store.Clock,
            ("status", StatusNames.ToName(rule.Status)), ("older_than", SqliteStore.Milliseconds(rule.OlderThan)), ("limit", limit));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task<bool> MarkAsync(string jobId, JobStatus status, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneMark", connection, transaction, store.Clock,
            ("job_id", jobId), ("status", StatusNames.ToName(status)));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<int> TasksDeleteAsync(string jobId, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneTasks", connection, transaction, [.. SqliteStore.JobTasks(jobId), ("limit", limit)]);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> EventsDeleteAsync(string jobId, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneEvents", connection, transaction, ("job_id", jobId), ("limit", limit));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> JobDeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneJob", connection, transaction, ("job_id", jobId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
