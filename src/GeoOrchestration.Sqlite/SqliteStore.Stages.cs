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
