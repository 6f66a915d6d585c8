using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Rows;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    // SQLITE_CONSTRAINT_PRIMARYKEY: two planned tasks with one id, i.e. one key twice in a stage.
    private const int PrimaryKeyViolation = 1555;

    public async Task<StagePlanOutcome> StagePlanAsync(StagePlanParams parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync((connection, transaction) => PlanAsync(connection, transaction, parameters, cancellationToken), cancellationToken, wakes: true);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == PrimaryKeyViolation)
        {
            // The task id key is the plan's uniqueness check; read the plan again to name the key.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var key = parameters.Tasks.Select(t => t.TaskKey).FirstOrDefault(k => !seen.Add(k)) ?? "(unknown)";
            throw new ContractViolationException(
                $"Stage {parameters.Stage} of job {parameters.JobId} planned two tasks with key '{key}'; keys must be unique within a stage.", e);
        }
    }

    private async Task<StagePlanOutcome> PlanAsync(SqliteConnection connection, SqliteTransaction transaction, StagePlanParams parameters,
        CancellationToken cancellationToken)
    {
        var (jobId, stage) = (parameters.JobId, parameters.Stage);
        long? taskTimeout = null;
        var live = false;
        await using (var mark = Command("JobMarkProcessing", connection, transaction, ("job_id", jobId), ("stage", stage)))
        await using (var reader = await mark.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken))
            {
                live = true;
                taskTimeout = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            }
        var inserted = false;
        if (live)
            await using (var insert = Command("StageInsert", connection, transaction, ("job_id", jobId), ("stage", stage)))
                inserted = await insert.ExecuteScalarAsync(cancellationToken) is not null;
        if (!inserted)
        {
            // The job ended (failed or cancelled) while this item waited, or the stage was planned
            // before (a redelivered plan item, whose earlier plan stands).
            await ExecuteAsync("WorkDelete", connection, transaction, cancellationToken, ("job_id", jobId), ("kind", "plan"), ("stage", stage));
            return new StagePlanOutcome(Planned: false, 0, StageCompleted: false);
        }

        // The tasks are streamed through one prepared statement: a million-task stage never sits in memory.
        var count = 0;
        await using (var insert = Command("TasksInsert", connection, transaction, ("job_id", jobId), ("stage", stage), ("timeout", taskTimeout),
            ("task_id", ""), ("ordinal", 0), ("task_key", ""), ("task_type", ""), ("parameters", ""), ("max_attempts", 1)))
        {
            insert.Prepare();
            foreach (var task in parameters.Tasks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                insert.Parameters["@task_id"].Value = task.TaskId;
                insert.Parameters["@ordinal"].Value = count++;
                insert.Parameters["@task_key"].Value = task.TaskKey;
                insert.Parameters["@task_type"].Value = task.TaskType;
                insert.Parameters["@parameters"].Value = CanonicalJson.SerializeToString(task.Parameters);
                insert.Parameters["@max_attempts"].Value = task.MaxAttempts;
                insert.ExecuteNonQuery();
            }
        }
        await ExecuteAsync("StagePlanFinish", connection, transaction, cancellationToken, ("job_id", jobId), ("stage", stage), ("task_count", count),
            ("failures_allowed", parameters.Tolerance?.AllowedFor(count) ?? 0));
        await EventAsync(connection, transaction, jobId, stage, "stage_planned", new JsonObject { ["tasks"] = count }.ToJsonString(), cancellationToken);
        await ExecuteAsync("WorkDelete", connection, transaction, cancellationToken, ("job_id", jobId), ("kind", "plan"), ("stage", stage));
        IReadOnlyList<WorkItem> claimed = parameters.ClaimFor is { } claim && count > 0
            ? await ClaimTasksAsync(connection, transaction, claim, claim.Limit, Now(), cancellationToken)
            : [];
        if (count == 0) await AdvanceAsync(connection, transaction, jobId, stage, parameters.TotalStages, cancellationToken);
        return new StagePlanOutcome(Planned: true, count, StageCompleted: count == 0) { Claimed = claimed };
    }

    /// <summary>
    /// Enqueues what follows a completed stage ("plan S+1", or "finalize" after the last stage) with
    /// its stage_completed event. Runs in the transaction that completed the stage, so the step can
    /// be neither lost nor doubled; true when this call advanced the stage, false when it had
    /// advanced before or its job is not live (see StageAdvance).
    /// </summary>
    private async Task<bool> AdvanceAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId, int stage, int totalStages,
        CancellationToken cancellationToken)
    {
        await using (var advance = Command("StageAdvance", connection, transaction, ("job_id", jobId), ("stage", stage)))
            if (await advance.ExecuteScalarAsync(cancellationToken) is null) return false;
        var last = stage >= totalStages;
        await ExecuteAsync("WorkEnqueue", connection, transaction, cancellationToken,
            ("job_id", jobId), ("kind", last ? "finalize" : "plan"), ("stage", last ? stage : stage + 1));
        await EventAsync(connection, transaction, jobId, stage, "stage_completed", null, cancellationToken);
        return true;
    }

    public Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("StageResults", connection, null, ("job_id", jobId), ("stage", stage));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StageResultRow.ReadStageAsync(reader, jobId, stage, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> StageTaskCountsAsync(string jobId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<int>>(async connection =>
        {
            await using var command = Command("StageTaskCounts", connection, null, ("job_id", jobId));
            var counts = new List<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts.Add(reader.GetInt32(0));
            return counts;
        }, cancellationToken);

    public Task WorkDropAsync(WorkItem item, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync("WorkDelete", connection, transaction, cancellationToken,
            ("job_id", item.JobId), ("kind", item.Kind == WorkKind.Finalize ? "finalize" : "plan"), ("stage", item.Stage)), cancellationToken);
}
