using GeoOrchestration.Progress;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>The latest mark any worker left on this file (see the WorkerActivity query), by the store's clock.</summary>
    public Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) =>
        ReadAsync<WorkerActivity?>(async connection =>
        {
            var now = Now();
            await using var command = Command("WorkerActivity", connection, null, ("now", now));
            var last = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return new WorkerActivity(DateTimeOffset.FromUnixTimeMilliseconds(now), last == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(last));
        }, cancellationToken);

    /// <summary>Each listed job's current stage counts: one primary-key read per job on one connection (see the JobProgressGet query).</summary>
    public Task<IReadOnlyList<JobStageProgress>> JobProgressAsync(JobProgressParams parameters, CancellationToken cancellationToken) =>
        parameters.Jobs.Count == 0 ? Task.FromResult<IReadOnlyList<JobStageProgress>>([]) :
        ReadAsync<IReadOnlyList<JobStageProgress>>(async connection =>
        {
            var found = new List<JobStageProgress>(parameters.Jobs.Count);
            foreach (var job in parameters.Jobs)
            {
                await using var command = Command("JobProgressGet", connection, null, ("job_id", job.JobId), ("stage", job.Stage), ("live", job.Live ? 1 : 0));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await StoreRowReader.ReadFirstAsync(reader, static (JobProgressRow row) => row.ToRecord(), cancellationToken) is { } progress)
                    found.Add(progress);
            }
            return found;
        }, cancellationToken);
}
