using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

/// <summary>Runs of a request (the latest one) and removing an ended job.</summary>
public sealed partial class SqliteStore
{
    public Task<JobRecord?> JobLatestRunAsync(JobLatestRunParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("JobLatestRun", connection, null, ("request_id", parameters.RequestId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<JobChangeOutcome> JobDeleteAsync(JobDeleteParams parameters, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // One write transaction (this file's one writer): what is read here is what is deleted.
            var job = await JobGetAsync(connection, transaction, parameters.JobId, cancellationToken);
            if (job is null) return new JobChangeOutcome(JobChangeStatus.NotFound, null);
            if (!job.Status.IsTerminal()) return new JobChangeOutcome(JobChangeStatus.WrongStatus, job);
            long running;
            await using (var count = Command("JobRunningTaskCount", connection, transaction, JobTasks(parameters.JobId)))
                running = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (running > 0) return new JobChangeOutcome(JobChangeStatus.WrongStatus, job, (int)running);
            // The job first, compare-and-set on its having ended; its tasks only once it is gone.
            if (await NonQueryAsync("JobDelete", connection, transaction, cancellationToken, ("job_id", parameters.JobId)) == 0)
                return new JobChangeOutcome(JobChangeStatus.WrongStatus, job);
            var tasks = await NonQueryAsync("JobDeleteTasks", connection, transaction, cancellationToken, JobTasks(parameters.JobId));
            return new JobChangeOutcome(JobChangeStatus.Changed, job, tasks);
        }, cancellationToken);
}
