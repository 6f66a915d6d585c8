using System.Text.Json;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

/// <summary>The audit trail: a job's events in event id order, which is commit order here (sql/sqlite/queries/events.sql).</summary>
public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            var kinds = parameters.KindNames();
            await using var command = Command("JobEventList", connection, null, ("job_id", parameters.JobId),
                ("after_id", parameters.After?.EventId ?? 0L),
                ("kinds", kinds is null ? null : JsonSerializer.Serialize(kinds)), ("stage", parameters.Stage), ("limit", parameters.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobEventRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
