using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

public sealed partial class PostgresStore
{
    public Task<SubmitResult> JobSubmitAsync(JobSubmitParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using (var submit = ClockedCommand("JobSubmit", connection))
            {
                submit.Parameters.Add(ChannelParameter());
                submit.Parameters.AddWithValue("job_id", parameters.JobId);
                submit.Parameters.AddWithValue("job_type", parameters.JobType);
                submit.Parameters.AddWithValue("parameters", CanonicalJson.SerializeToString(parameters.Parameters));
                submit.Parameters.AddWithValue("total_stages", parameters.TotalStages);
                submit.Parameters.Add(new NpgsqlParameter("task_timeout", NpgsqlDbType.Interval) { Value = (object?)parameters.TaskTimeout ?? DBNull.Value });
                submit.Parameters.Add(new NpgsqlParameter("job_timeout", NpgsqlDbType.Interval) { Value = (object?)parameters.JobTimeout ?? DBNull.Value });
                submit.Parameters.AddWithValue("request_id", parameters.RequestId ?? parameters.JobId);
                submit.Parameters.AddWithValue("run", parameters.Run);
                submit.Parameters.Add(new NpgsqlParameter("traceparent", NpgsqlDbType.Text) { Value = (object?)parameters.TraceParent ?? DBNull.Value });
                submit.Parameters.Add(new NpgsqlParameter("tracestate", NpgsqlDbType.Text) { Value = (object?)parameters.TraceState ?? DBNull.Value });
                await using var reader = await submit.ExecuteReaderAsync(cancellationToken);
                if (await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken) is { } job)
                {
                    // One statement, so committed when it returned: its plan item is ready for a relay.
                    OnWorkCommitted();
                    return new SubmitResult(job, Created: true);
                }
            }
            // ON CONFLICT waited for the other submitter to commit, so its row is visible now.
            var existing = await JobGetAsync(connection, parameters.JobId, cancellationToken)
                ?? throw new InvalidOperationException($"Job {parameters.JobId} conflicted on insert but cannot be read.");
            return new SubmitResult(existing, Created: false);
        }, cancellationToken);

    public Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => JobGetAsync(connection, parameters.JobId, cancellationToken), cancellationToken);

    /// <summary>The job as <paramref name="connection"/> sees it (inside its transaction, if one is open).</summary>
    internal async Task<JobRecord?> JobGetAsync(NpgsqlConnection connection, string jobId, CancellationToken cancellationToken)
    {
        await using var command = Command("JobGet", connection);
        command.Parameters.AddWithValue("job_id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
    }

    public Task<IReadOnlyList<string>> JobFindAsync(JobFindParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = Command("JobFind", connection);
            command.Parameters.AddWithValue("prefix", parameters.Prefix);
            command.Parameters.AddWithValue("limit", parameters.Limit);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
            return ids;
        }, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> JobListAsync(JobListParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<JobRecord>>(async connection =>
        {
            await using var command = Command("JobList", connection);
            command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text)
                { Value = parameters.Status is { } s ? StatusNames.ToName(s) : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("job_type", NpgsqlDbType.Text) { Value = (object?)parameters.JobType ?? DBNull.Value });
            command.Parameters.AddWithValue("limit", parameters.Limit);
            command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = (object?)parameters.CreatedSince ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("before_created", NpgsqlDbType.TimestampTz) { Value = (object?)parameters.Before?.Created ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("before_id", NpgsqlDbType.Text) { Value = (object?)parameters.Before?.JobId ?? DBNull.Value });
            command.Parameters.AddWithValue("skip", parameters.Skip);
            command.Parameters.Add(new NpgsqlParameter("request_id", NpgsqlDbType.Text) { Value = (object?)parameters.RequestId ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
