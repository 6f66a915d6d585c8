using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>The audit trail: a job's events in (writing transaction, event id) order, and a follower's read by snapshots (sql/postgres/queries/events.sql).</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<JobEvent>>(async connection =>
        {
            await using var command = Command("JobEventList", connection);
            AddEventParameters(command, parameters, parameters.After);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobEventRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Events visible in this read's snapshot and not in the cursor's <see cref="JobEventCursor.Seen"/>
    /// (JobEventFollow): the ones committed since, whatever order their transactions commit in and
    /// whatever else runs. A read cut by the limit goes on, in later calls, within its first snapshot.
    /// </summary>
    public Task<JobEventBatch> JobEventFollowAsync(JobEventListParams parameters, JobEventCursor? cursor, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("JobEventFollow", connection);
            AddEventParameters(command, parameters, cursor?.After);
            command.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Text) { Value = (object?)cursor?.Seen ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("reading", NpgsqlDbType.Text) { Value = (object?)cursor?.Reading ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = await StoreRowReader.ReadAsync(reader, static (JobEventFollowRow row) => row, cancellationToken);
            var events = rows.Select(row => row.ToRecord()).OfType<JobEvent>().ToList();
            // The read's own snapshot bounds it: the first batch's when a read goes on.
            var reading = cursor?.Reading ?? rows[0].Snapshot;
            var more = parameters.Limit is { } limit && events.Count >= limit;
            var next = more
                ? new JobEventCursor(events[^1].Position, cursor?.Seen, reading)
                : new JobEventCursor(null, reading);
            return new JobEventBatch(events, next, more);
        }, cancellationToken);

    /// <summary>The job, the place after which to read, kinds, stage and limit: the parameters both reads share.</summary>
    private static void AddEventParameters(NpgsqlCommand command, JobEventListParams parameters, JobEventPosition? after)
    {
        var from = after ?? default;
        command.Parameters.AddWithValue("job_id", parameters.JobId);
        command.Parameters.Add(new NpgsqlParameter("after_xact", NpgsqlDbType.Text) { Value = from.Transaction.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Bigint) { Value = from.EventId });
        command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = (object?)parameters.KindNames()?.ToArray() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = (object?)parameters.Limit ?? DBNull.Value });
    }
}
