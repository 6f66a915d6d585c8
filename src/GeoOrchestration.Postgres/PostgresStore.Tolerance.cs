using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Store;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>Stage failure tolerance: a task that failed for good either counts toward its stage or fails its job.</summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// What follows a task's failing for good (a worker's report, a lease expired once too often, a
    /// task timeout), in the transaction that recorded it: within the stage's tolerance it counts
    /// toward the stage, and the failure that closes the stage advances it; beyond it, the job fails
    /// and its other tasks are cancelled. <c>FailedJob</c> is true when this call ended the job (not
    /// when it had ended before), what the janitor counts.
    /// </summary>
    private async Task<(bool Tolerated, bool FailedJob)> FailedForGoodAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        string taskId, string reason, CancellationToken cancellationToken)
    {
        int? remaining = null;
        var totalStages = 0;
        await using (var tolerate = Command("StageTolerateFailure", connection, transaction))
        {
            tolerate.Parameters.AddWithValue("job_id", jobId);
            tolerate.Parameters.AddWithValue("stage", stage);
            await using var reader = await tolerate.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) (remaining, totalStages) = (reader.GetInt32(0), reader.GetInt32(1));
        }
        if (remaining is { } left)
        {
            if (left == 0) await AdvanceAsync(connection, transaction, jobId, stage, totalStages, cancellationToken);
            return (true, false);
        }
        var failedJob = await FailJobAsync(connection, transaction, jobId,
            $"Task {taskId} failed: {reason}{await BeyondToleranceAsync(connection, transaction, jobId, stage, cancellationToken)}", cancellationToken);
        return (false, failedJob);
    }

    /// <summary>For a stage that tolerated failures and ran out: a note saying so, for the job's error.</summary>
    private async Task<string> BeyondToleranceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, int stage,
        CancellationToken cancellationToken)
    {
        await using var read = Command("StageFailuresAllowed", connection, transaction);
        read.Parameters.AddWithValue("job_id", jobId);
        read.Parameters.AddWithValue("stage", stage);
        return await read.ExecuteScalarAsync(cancellationToken) is int allowed && allowed > 0
            ? $" (stage {stage} tolerates {allowed} failed task{(allowed == 1 ? "" : "s")}; this is one more)"
            : "";
    }

    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(string jobId, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StageFailure>>(async connection =>
        {
            await using var command = Command("TaskFailures", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            var failures = new List<StageFailure>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                failures.Add(new StageFailure(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
                    JsonNode.Parse(reader.GetString(5)) as JsonObject));
            return failures;
        }, cancellationToken);
}
