using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// Planning a large stage in bounded transactions, for a store whose one long plan transaction would
/// keep every other worker waiting (<see cref="IGeoStore.PlanChunkRows"/>; SQLite, whose file has one
/// write lock: a million-task plan held it for tens of seconds, and no claim, completion or lease
/// renewal of any worker committed meanwhile, issue 16). The engine, not the store, chooses this:
/// the store only persists each step, so every store that asks for chunks follows the same rules.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>The tasks are written in chunks as <c>pending</c>: no claim sees them (claims take queued
/// tasks), no stage row counts them, so a half-written plan is invisible as a plan.</item>
/// <item>One small transaction marks the stage planned (stage row with its counts, stage_planned,
/// job processing). From then on the stage reads as planned everywhere.</item>
/// <item>The pending tasks are released (queued) in batches keyed on the task id; the batch that
/// finds the last of them also deletes the plan item. Tasks becoming runnable a batch at a time is
/// harmless once the stage is counted whole.</item>
/// </list>
/// A re-delivered plan item (its planner died or lost its lease) finds either an unmarked stage, whose
/// pending leftovers it deletes in bounded batches before planning again from the start, or a marked
/// one, whose release it carries on. Every step writes only while its planner still holds the item
/// and the job is live; a job that ends meanwhile has its unmarked pending tasks deleted and its
/// marked ones cancelled by the same step that cancels its queued tasks.
/// </remarks>
public sealed partial class EngineSteps
{
    private async Task<StagePlanOutcome> ChunkedPlanAsync(StagePlanParams parameters, IEnumerable<PlannedTask> tasks,
        int chunk, CancellationToken cancellationToken)
    {
        var hold = new StagePlanHold(parameters.JobId, parameters.Stage, parameters.Holder);
        StagePlanChunkOutcome step;
        do step = await _store.ExecuteAsync((tx, ct) => tx.TasksPendingDiscardAsync(new TasksPendingDiscardParams(hold, chunk), ct), cancellationToken);
        while (step is { State: StagePlanState.Unmarked, Count: > 0 });
        if (step.State == StagePlanState.Gone) return NotPlanned;

        var count = 0;
        if (step.State == StagePlanState.Unmarked)
        {
            // Each chunk is produced by the planner outside the write lock, then written in one short transaction.
            foreach (var batch in tasks.Chunk(chunk))
            {
                var first = count;
                step = await _store.ExecuteAsync((tx, ct) => tx.TasksPendingInsertAsync(new TasksPendingInsertParams(hold, batch, first), ct),
                    cancellationToken);
                if (step.State != StagePlanState.Unmarked) return NotPlanned;
                count += batch.Length;
            }
            step = await _store.ExecuteAsync((tx, ct) => tx.StagePlanMarkAsync(new StagePlanMarkParams(hold, count, parameters.Tolerance), ct),
                cancellationToken);
            if (step.State != StagePlanState.Marked) return NotPlanned;
        }

        string? after = null;
        var released = 0;
        while (true)
        {
            var from = after;
            step = await _store.ExecuteAsync(async (tx, ct) =>
            {
                var batch = await tx.TasksPendingReleaseAsync(new TasksPendingReleaseParams(hold, from, chunk), ct);
                if (batch is { State: StagePlanState.Marked } && batch.Count < chunk)
                    await tx.WorkDeleteAsync(new WorkDeleteParams(parameters.JobId, WorkKind.PlanStage, parameters.Stage), ct);
                return batch;
            }, cancellationToken);
            released += step.Count;
            if (step.State != StagePlanState.Marked || step.Count < chunk) break;
            after = step.LastTaskId;
        }
        // The stage is planned (by this planner or, its release carried on here, an earlier one). The
        // planning worker claims its first tasks through its next claim, not in the plan's transactions.
        return new StagePlanOutcome(StagePlanStatus.Planned, count > 0 ? count : released, StageCompleted: false);
    }

    /// <summary>The job ended or another worker holds the plan item now: this planner stops, and deletes nothing of the other's.</summary>
    private static readonly StagePlanOutcome NotPlanned = new(StagePlanStatus.Skipped, 0, StageCompleted: false);
}
