using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational.Retention;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>The statements of a prune batch (sql/postgres/queries/retention.sql), in one transaction.</summary>
internal sealed class PostgresPruneSteps(PostgresStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) : IPruneSteps
{
    public async Task<string?> RemovingNextAsync(CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneRemovingNext", connection, transaction);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CandidatesAsync(PruneRule rule, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.ClockedCommand("PruneCandidates", connection, transaction);
        command.Parameters.AddWithValue("status", StatusNames.ToName(rule.Status));
        command.Parameters.AddWithValue("older_than", rule.OlderThan);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task<bool> MarkAsync(string jobId, JobStatus status, CancellationToken cancellationToken)
    {
        await using var command = store.ClockedCommand("PruneMark", connection, transaction);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("status", StatusNames.ToName(status));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<int> TasksDeleteAsync(string jobId, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneTasks", connection, transaction);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("limit", limit);
        PostgresStore.AddTaskIds(command, JobIdentity.TaskIdsOf(jobId));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> EventsDeleteAsync(string jobId, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneEvents", connection, transaction);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> JobDeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = store.Command("PruneJob", connection, transaction);
        command.Parameters.AddWithValue("job_id", jobId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
