using GeoOrchestration.Identity;
using GeoOrchestration.Definitions;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Postgres;

/// <summary>Reads of a job's stages (planning and advancing are <see cref="PostgresStoreTransaction"/> steps).</summary>
public sealed partial class PostgresStore
{
    public Task<StageResults> StageResultsAsync(StageRef parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var (jobId, stage) = (parameters.JobId, parameters.Stage);
            await using var command = Command("StageResults", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            command.Parameters.AddWithValue("stage", stage);
            AddTaskIds(command, JobIdentity.TaskIdsOf(jobId, stage));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultRow.ReadStageAsync(reader, jobId, stage, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// A page of a stage's results on a connection of the page-read pool (<see cref="_pageSource"/>): the
    /// engine reads pages while a plan transaction holds a connection of the main pool, and a read that
    /// waited on that pool could wait for a connection only a plan waiting on it would give back.
    /// </summary>
    public Task<StageResultsPage> StageResultsPageAsync(StageResultsPageParams parameters, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await using var connection = await _pageSource.OpenConnectionAsync(cancellationToken);
            await using var command = Command("StageResultsPage", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            command.Parameters.AddWithValue("stage", parameters.Stage);
            command.Parameters.AddWithValue("after", parameters.After ?? -1);
            command.Parameters.AddWithValue("limit", parameters.Limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultPageRow.ReadPageAsync(reader, parameters, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> StageTaskCountsAsync(JobRef parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<int>>(async connection =>
        {
            await using var command = Command("StageTaskCounts", connection);
            command.Parameters.AddWithValue("job_id", parameters.JobId);
            var counts = new List<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(reader.GetInt32(0));
            return counts;
        }, cancellationToken);
}
