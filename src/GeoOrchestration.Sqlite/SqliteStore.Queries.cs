using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite;

/// <summary>Read-only views of a job's progress: audit events, stage counters, pending control work.</summary>
public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            await using var command = Command("JobEventList", connection, null, ("job_id", parameters.JobId),
                ("kind", parameters.Kind is { } kind ? JobEventKinds.ToName(kind) : null), ("stage", parameters.Stage));
            var events = new List<JobEvent>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                events.Add(new JobEvent(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), JobEventKinds.Parse(reader.GetString(2)),
                    SqliteRows.Json(reader, "detail"), SqliteRows.Time(reader, "occurred_at")!.Value));
            return events;
        }, cancellationToken);

    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StageRecord>>(async connection =>
        {
            await using var command = Command("StageList", connection, null, ("job_id", parameters.JobId));
            var stages = new List<StageRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stages.Add(new StageRecord(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                    SqliteRows.Time(reader, "planned_at")!.Value, SqliteRows.Time(reader, "completed_at"), SqliteRows.Time(reader, "advanced_at")));
            return stages;
        }, cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WorkRecord>>(async connection =>
        {
            await using var command = Command("WorkList", connection, null, ("job_id", parameters.JobId));
            var work = new List<WorkRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                work.Add(new WorkRecord(reader.GetString(0), reader.GetString(1) == "plan" ? WorkKind.PlanStage : WorkKind.Finalize,
                    reader.GetInt32(2), reader.GetInt32(3), SqliteRows.Text(reader, "lease_owner"),
                    SqliteRows.Time(reader, "visible_at")!.Value, SqliteRows.Time(reader, "lease_expires_at")));
            return work;
        }, cancellationToken);
}
