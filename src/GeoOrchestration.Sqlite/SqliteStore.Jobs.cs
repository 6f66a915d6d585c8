using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
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
            await using (var submit = Command("JobSubmit", connection, transaction,
                ("job_id", parameters.JobId), ("job_type", parameters.JobType),
                ("parameters", CanonicalJson.SerializeToString(parameters.Parameters)), ("total_stages", parameters.TotalStages),
                ("task_timeout", parameters.TaskTimeout is { } t ? Milliseconds(t) : null),
                ("job_timeout", parameters.JobTimeout is { } j ? Milliseconds(j) : null)))
                created = await submit.ExecuteScalarAsync(cancellationToken) is not null;
            if (created)
            {
                await ExecuteAsync("WorkEnqueue", connection, transaction, cancellationToken, ("job_id", parameters.JobId), ("kind", "plan"), ("stage", 1));
                await EventAsync(connection, transaction, parameters.JobId, null, "submitted", null, cancellationToken);
            }
            var job = await JobGetAsync(connection, transaction, parameters.JobId, cancellationToken)
                ?? throw new InvalidOperationException($"Job {parameters.JobId} was submitted but cannot be read.");
            return new SubmitResult(job, created);
        }, cancellationToken, wakes: true);

    public Task<JobRecord?> JobGetAsync(string jobId, CancellationToken cancellationToken) =>
        ReadAsync(connection => JobGetAsync(connection, null, jobId, cancellationToken), cancellationToken);

    private async Task<JobRecord?> JobGetAsync(SqliteConnection connection, SqliteTransaction? transaction, string jobId, CancellationToken cancellationToken)
    {
        await using var command = Command("JobGet", connection, transaction, ("job_id", jobId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteRows.Job(reader) : null;
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
                ("before_created", parameters.Before?.Created.ToUnixTimeMilliseconds()), ("before_id", parameters.Before?.JobId));
            var jobs = new List<JobRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) jobs.Add(SqliteRows.Job(reader));
            return jobs;
        }, cancellationToken);

    public Task<bool> JobFinalizeAsync(JobFinalizeParams parameters, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            bool done;
            await using (var complete = Command("JobComplete", connection, transaction, ("job_id", parameters.JobId),
                ("status", StatusNames.ToName(parameters.Status)),
                ("result", parameters.Result is null ? null : CanonicalJson.SerializeToString(parameters.Result))))
                done = await complete.ExecuteScalarAsync(cancellationToken) is not null;
            if (done) await EventAsync(connection, transaction, parameters.JobId, null, "finalized", null, cancellationToken);
            await ExecuteAsync("WorkDeleteKind", connection, transaction, cancellationToken, ("job_id", parameters.JobId), ("kind", "finalize"));
            return done;
        }, cancellationToken);

    public Task<bool> JobFailAsync(string jobId, string error, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => FailJobAsync(connection, transaction, jobId, error, cancellationToken), cancellationToken);

    /// <summary>Failure stops the job: mark it failed, cancel what has not started, drop its pending control work.</summary>
    private async Task<bool> FailJobAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId, string error,
        CancellationToken cancellationToken)
    {
        await using (var fail = Command("JobFail", connection, transaction, ("job_id", jobId), ("error", error)))
            if (await fail.ExecuteScalarAsync(cancellationToken) is null) return false;
        await ExecuteAsync("TasksCancelForJob", connection, transaction, cancellationToken, ("job_id", jobId));
        await ExecuteAsync("WorkDeleteForJob", connection, transaction, cancellationToken, ("job_id", jobId));
        await EventAsync(connection, transaction, jobId, null, "failed", null, cancellationToken);
        return true;
    }
}
