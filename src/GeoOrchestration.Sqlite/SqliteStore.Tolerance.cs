using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Store;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>Stage failure tolerance: a task that failed for good either counts toward its stage or fails its job.</summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// What follows a task's failing for good (a worker's report, a lease expired once too often, a
    /// task timeout), in the transaction that recorded it: within the stage's tolerance it counts
    /// toward the stage, and the failure that closes the stage advances it; beyond it, the job fails
    /// and its other tasks are cancelled. <c>FailedJob</c> is true when this call ended the job (not
    /// when it had ended before), what the janitor counts.
    /// </summary>
    private async Task<(bool Tolerated, bool FailedJob)> FailedForGoodAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId, int stage,
        string taskId, string reason, CancellationToken cancellationToken)
    {
        int? remaining = null;
        var totalStages = 0;
        await using (var tolerate = Command("StageTolerateFailure", connection, transaction, ("job_id", jobId), ("stage", stage)))
        await using (var reader = await tolerate.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken)) (remaining, totalStages) = (reader.GetInt32(0), reader.GetInt32(1));
        if (remaining is { } left)
        {
            if (left == 0) await AdvanceAsync(connection, transaction, jobId, stage, totalStages, cancellationToken);
            return (true, false);
        }
        long allowed;
        await using (var read = Command("StageFailuresAllowed", connection, transaction, ("job_id", jobId), ("stage", stage)))
            allowed = await read.ExecuteScalarAsync(cancellationToken) is long n ? n : 0;
        var beyond = allowed > 0 ? $" (stage {stage} tolerates {allowed} failed task{(allowed == 1 ? "" : "s")}; this is one more)" : "";
        var failedJob = await FailJobAsync(connection, transaction, jobId, $"Task {taskId} failed: {reason}{beyond}", cancellationToken);
        return (false, failedJob);
    }

    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(string jobId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StageFailure>>(async connection =>
        {
            await using var command = Command("TaskFailures", connection, null, ("job_id", jobId));
            var failures = new List<StageFailure>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                failures.Add(new StageFailure(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    Text("error_type") ?? "", Text("error_message") ?? "",
                    (Text("parameters") is { } parameters ? JsonNode.Parse(parameters) : null) as JsonObject));
            return failures;

            string? Text(string column)
            {
                var i = reader.GetOrdinal(column);
                return reader.IsDBNull(i) ? null : reader.GetString(i);
            }
        }, cancellationToken);
}
