using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public Task<StageResults> StageResultsAsync(StageRef parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var (jobId, stage) = (parameters.JobId, parameters.Stage);
            await using var command = Command("StageResults", connection, null, StageTasks(jobId, stage));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultRow.ReadStageAsync(reader, jobId, stage, cancellationToken);
        }, cancellationToken);

    /// <summary>A page of a stage's results on a read-only connection of its own: a WAL reader, which no open write transaction (the planner's own included) keeps waiting.</summary>
    public Task<StageResultsPage> StageResultsPageAsync(StageResultsPageParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("StageResultsPage", connection, null, ("job_id", parameters.JobId), ("stage", parameters.Stage),
                ("after", parameters.After ?? -1), ("limit", parameters.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultPageRow.ReadPageAsync(reader, parameters, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> StageTaskCountsAsync(JobRef parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<int>>(async connection =>
        {
            await using var command = Command("StageTaskCounts", connection, null, ("job_id", parameters.JobId));
            var counts = new List<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(reader.GetInt32(0));
            return counts;
        }, cancellationToken);
}
