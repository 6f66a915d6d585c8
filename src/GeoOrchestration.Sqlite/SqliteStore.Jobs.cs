using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public Task<SubmitResult> JobSubmitAsync(JobSubmitParams parameters, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // The job, its "plan stage 1" item and the audit event in one transaction. A concurrent
            // submitter of the same job waits for the write lock and then finds the row.
            bool created;
            // One instant for the job and its first work item, as PostgreSQL's one statement gives:
            // the plan item becomes visible exactly when the job was created.
            var now = Now();
            await using (var submit = Command("JobSubmit", connection, transaction, ("now", now),
                ("job_id", parameters.JobId), ("job_type", parameters.JobType),
                ("parameters", CanonicalJson.SerializeToString(parameters.Parameters)), ("total_stages", parameters.TotalStages),
                ("task_timeout", parameters.TaskTimeout is { } t ? Milliseconds(t) : null),
                ("job_timeout", parameters.JobTimeout is { } j ? Milliseconds(j) : null),
                ("request_id", parameters.RequestId ?? parameters.JobId), ("run", parameters.Run),
                ("traceparent", parameters.TraceParent), ("tracestate", parameters.TraceState)))
                created = await submit.ExecuteScalarAsync(cancellationToken) is not null;
            if (created)
            {
                await NonQueryAsync("WorkEnqueue", connection, transaction, cancellationToken, ("now", now), ("job_id", parameters.JobId), ("kind", WorkKindNames.ToName(WorkKind.PlanStage)), ("stage", 1));
                await EventAsync(connection, transaction, parameters.JobId, null, JobEventKinds.ToName(JobEventKind.Submitted), null, cancellationToken);
            }
            var job = await JobGetAsync(connection, transaction, parameters.JobId, cancellationToken)
                ?? throw new InvalidOperationException($"Job {parameters.JobId} was submitted but cannot be read.");
            return new SubmitResult(job, created);
        }, cancellationToken, wakes: true);

    public Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(connection => JobGetAsync(connection, null, parameters.JobId, cancellationToken), cancellationToken);

    internal async Task<JobRecord?> JobGetAsync(SqliteConnection connection, SqliteTransaction? transaction, string jobId, CancellationToken cancellationToken)
    {
        await using var command = Command("JobGet", connection, transaction, ("job_id", jobId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
    }

    public Task<IReadOnlyList<string>> JobFindAsync(JobFindParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = Command("JobFind", connection, null, ("prefix", parameters.Prefix), ("limit", parameters.Limit));
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
            return ids;
        }, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> JobListAsync(JobListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobRecord>>(async connection =>
        {
            await using var command = Command("JobList", connection, null,
                ("status", parameters.Status is { } s ? StatusNames.ToName(s) : null), ("job_type", parameters.JobType), ("limit", parameters.Limit),
                ("since", parameters.CreatedSince?.ToUnixTimeMilliseconds()),
                ("before_created", parameters.Before?.Created.ToUnixTimeMilliseconds()), ("before_id", parameters.Before?.JobId),
                ("skip", parameters.Skip), ("request_id", parameters.RequestId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
