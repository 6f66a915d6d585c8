using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>The progress views: a job's events, stages and pending control work (sql/queries/queries.sql).</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        ListAsync("JobEventList", command =>
        {
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text)
                { Value = parameters.Kind is { } kind ? JobEventKinds.ToName(kind) : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
        }, r => new JobEvent(
            r.GetString(0),
            r.IsDBNull(1) ? null : r.GetInt32(1),
            JobEventKinds.Parse(r.GetString(2)),
            r.IsDBNull(3) ? null : JsonNode.Parse(r.GetString(3)),
            Utc(r.GetDateTime(4))), cancellationToken);

    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) =>
        ListAsync("StageList", command => command.Parameters.AddWithValue("job_id", parameters.JobId), r => new StageRecord(
            r.GetString(0),
            r.GetInt32(1),
            r.GetInt32(2),
            r.GetInt32(3),
            Utc(r.GetDateTime(4)),
            r.IsDBNull(5) ? null : Utc(r.GetDateTime(5)),
            r.IsDBNull(6) ? null : Utc(r.GetDateTime(6))), cancellationToken);

    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) =>
        ListAsync(parameters.JobId is null ? "WorkList" : "WorkListForJob", command =>
        {
            if (parameters.JobId is { } jobId) command.Parameters.AddWithValue("job_id", jobId);
        }, r => new WorkRecord(
            r.GetString(0),
            WorkKindOf(r.GetString(1)),
            r.GetInt32(2),
            r.GetInt32(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            Utc(r.GetDateTime(5)),
            r.IsDBNull(6) ? null : Utc(r.GetDateTime(6))), cancellationToken);

    /// <summary>The job_work kinds the schema's CHECK constraint allows.</summary>
    /// <exception cref="FormatException">A kind this build does not know.</exception>
    private static WorkKind WorkKindOf(string kind) => kind switch
    {
        "plan" => WorkKind.PlanStage,
        "finalize" => WorkKind.Finalize,
        _ => throw new FormatException($"'{kind}' is not a control work kind."),
    };

    private static DateTimeOffset Utc(DateTime time) => new(time, TimeSpan.Zero);

    private Task<IReadOnlyList<T>> ListAsync<T>(string query, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> map,
        CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = Command(query, connection);
            bind(command);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
            return rows;
        }, cancellationToken);
}
