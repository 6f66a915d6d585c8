using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>Read-only views of a job's progress: audit events, stage counters, pending control work.</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            await using var command = Command("JobEventList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text)
                { Value = parameters.Kind is { } kind ? JobEventKinds.ToName(kind) : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
            var events = new List<JobEvent>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                events.Add(new JobEvent(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), JobEventKinds.Parse(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : JsonNode.Parse(reader.GetString(3)), Time(reader, 4)!.Value));
            return events;
        }, cancellationToken);

    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StageRecord>>(async connection =>
        {
            await using var command = Command("StageList", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            var stages = new List<StageRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stages.Add(new StageRecord(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                    Time(reader, 4)!.Value, Time(reader, 5), Time(reader, 6)));
            return stages;
        }, cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<WorkRecord>>(async connection =>
        {
            await using var command = Command("WorkList", connection);
            command.Parameters.Add(new NpgsqlParameter("job_id", NpgsqlDbType.Text) { Value = (object?)parameters.JobId ?? DBNull.Value });
            var work = new List<WorkRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                work.Add(new WorkRecord(reader.GetString(0), reader.GetString(1) == "plan" ? WorkKind.PlanStage : WorkKind.Finalize,
                    reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    Time(reader, 5)!.Value, Time(reader, 6)));
            return work;
        }, cancellationToken);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
