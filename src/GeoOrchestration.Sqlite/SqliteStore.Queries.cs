using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

/// <summary>Read-only views of a job's progress: stage counters, pending control work (its events: Events).</summary>
public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StageRecord>>(async connection =>
        {
            await using var command = Command("StageList", connection, null, ("job_id", parameters.JobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (StageRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WorkRecord>>(async connection =>
        {
            await using var command = Command("WorkList", connection, null, ("job_id", parameters.JobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (WorkRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    /// <summary>The job's failed tasks by the index of failed tasks (O(failures)), not by reading all its tasks.</summary>
    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(JobRef parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StageFailure>>(async connection =>
        {
            await using var command = Command("TaskFailures", connection, null, ("job_id", parameters.JobId));
            var failures = new List<StageFailure>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                failures.Add(new StageFailure(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    Text("error_type") ?? "", Text("error_message") ?? "",
                    (Text("parameters") is { } parameters ? JsonNode.Parse(parameters) : null) as JsonObject));
            return failures;

            string? Text(string column)
            {
                var i = reader.GetOrdinal(column);
                return reader.IsDBNull(i) ? null : reader.GetString(i);
            }
        }, cancellationToken);
}
