using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Postgres;

/// <summary>Runs of a request (the latest one) and removing an ended job.</summary>
public sealed partial class PostgresStore
{
    public Task<JobRecord?> JobLatestRunAsync(JobLatestRunParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("JobLatestRun", connection);
            command.Parameters.AddWithValue("request_id", parameters.RequestId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadFirstAsync(reader, static (JobRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<JobChangeOutcome> JobDeleteAsync(JobDeleteParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            // Read first only to report the job as it was; the delete itself is compare-and-set.
            var job = await JobGetAsync(connection, parameters.JobId, cancellationToken);
            if (job is null) return new JobChangeOutcome(JobChangeStatus.NotFound, null);
            await using (var delete = Command("JobDelete", connection))
            {
                delete.Parameters.AddWithValue("job_id", parameters.JobId);
                AddTaskIds(delete, JobIdentity.TaskIdsOf(parameters.JobId));
                await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.GetInt32(0) == 1) return new JobChangeOutcome(JobChangeStatus.Changed, job, reader.GetInt32(1));
            }
            // Refused: say why as it is now (the job may have been retried or removed meanwhile).
            job = await JobGetAsync(connection, parameters.JobId, cancellationToken);
            if (job is null) return new JobChangeOutcome(JobChangeStatus.NotFound, null);
            await using var running = Command("JobRunningTaskCount", connection);
            running.Parameters.AddWithValue("job_id", parameters.JobId);
            AddTaskIds(running, JobIdentity.TaskIdsOf(parameters.JobId));
            return new JobChangeOutcome(JobChangeStatus.WrongStatus, job, (int)(await running.ExecuteScalarAsync(cancellationToken))!);
        }, cancellationToken);
}
