using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The steps of a large stage planned in bounded transactions (sql/sqlite/queries/plan_chunks.sql).
/// Each reads the plan's state first, in its own transaction under the file's write lock, and writes
/// only in the state it is for; what to do next is the engine's (EngineSteps.ChunkedPlanAsync).
/// </summary>
internal sealed partial class SqliteStoreTransaction
{
    private async Task<(StagePlanState State, long? TaskTimeout)> PlanStateAsync(StagePlanHold hold, CancellationToken cancellationToken)
    {
        await using var state = Command("PlanChunkState", ("job_id", hold.JobId), ("stage", hold.Stage),
            ("worker", hold.Holder?.WorkerId), ("attempt", hold.Holder?.Attempt ?? 0));
        await using var reader = await state.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var stateNow = reader.GetInt64(0) == 0 ? StagePlanState.Gone : reader.GetInt64(1) != 0 ? StagePlanState.Marked : StagePlanState.Unmarked;
        return (stateNow, reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    public async Task<StagePlanChunkOutcome> TasksPendingInsertAsync(TasksPendingInsertParams parameters, CancellationToken cancellationToken)
    {
        var (state, taskTimeout) = await PlanStateAsync(parameters.Hold, cancellationToken);
        if (state != StagePlanState.Unmarked) return new StagePlanChunkOutcome(state, 0);
        var written = InsertTasks("TaskPendingInsert", parameters.Hold.JobId, parameters.Hold.Stage, taskTimeout, parameters.FirstOrdinal,
            parameters.Tasks, cancellationToken);
        return new StagePlanChunkOutcome(state, written);
    }

    public async Task<StagePlanChunkOutcome> TasksPendingDiscardAsync(TasksPendingDiscardParams parameters, CancellationToken cancellationToken)
    {
        var (state, _) = await PlanStateAsync(parameters.Hold, cancellationToken);
        if (state != StagePlanState.Unmarked) return new StagePlanChunkOutcome(state, 0);
        var deleted = await NonQueryAsync("TasksPendingDiscard", cancellationToken,
            ("job_id", parameters.Hold.JobId), ("stage", parameters.Hold.Stage), ("limit", parameters.Limit));
        return new StagePlanChunkOutcome(state, deleted);
    }

    public async Task<StagePlanChunkOutcome> StagePlanMarkAsync(StagePlanMarkParams parameters, CancellationToken cancellationToken)
    {
        var (jobId, stage) = (parameters.Hold.JobId, parameters.Hold.Stage);
        var (state, _) = await PlanStateAsync(parameters.Hold, cancellationToken);
        if (state != StagePlanState.Unmarked) return new StagePlanChunkOutcome(state, 0);
        await NonQueryAsync("JobMarkProcessing", cancellationToken, ("job_id", jobId), ("stage", stage));
        await NonQueryAsync("StageInsertPlanned", cancellationToken, ("job_id", jobId), ("stage", stage), ("task_count", parameters.TaskCount),
            ("failures_allowed", parameters.Tolerance?.AllowedFor(parameters.TaskCount) ?? 0));
        await JobEventInsertAsync(new JobEventInsertParams(jobId, stage, JobEventKind.StagePlanned, new JsonObject { ["tasks"] = parameters.TaskCount }),
            cancellationToken);
        return new StagePlanChunkOutcome(StagePlanState.Marked, parameters.TaskCount);
    }

    public async Task<StagePlanChunkOutcome> TasksPendingReleaseAsync(TasksPendingReleaseParams parameters, CancellationToken cancellationToken)
    {
        var (state, _) = await PlanStateAsync(parameters.Hold, cancellationToken);
        if (state != StagePlanState.Marked) return new StagePlanChunkOutcome(state, 0);
        var released = await RowsAsync(Command("TasksPendingRelease", ("job_id", parameters.Hold.JobId), ("stage", parameters.Hold.Stage),
            ("after", parameters.After), ("limit", parameters.Limit)), reader => reader.GetString(0), cancellationToken);
        if (released.Count > 0) Wakes = true;
        return new StagePlanChunkOutcome(state, released.Count, released.Count == 0 ? null : released.Max(StringComparer.Ordinal));
    }
}
