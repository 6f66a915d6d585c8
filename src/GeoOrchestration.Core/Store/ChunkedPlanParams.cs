namespace GeoOrchestration.Store;

// Params and outcomes of the steps that plan a large stage in bounded transactions
// (EngineSteps.ChunkedPlanAsync), on a store that asks for it (IGeoStore.PlanChunkRows).

/// <summary>
/// Who plans a stage: the worker holding the stage's plan item, and the attempt its claim returned.
/// Every step of a chunked plan writes only while that claim still holds the item (compare-and-set),
/// so a planner whose lease lapsed while another took the item over stops at its next step instead
/// of writing beside the new one.
/// </summary>
public sealed record PlanHolder(string WorkerId, int Attempt);

/// <summary>A stage being planned in bounded transactions, and who plans it (null: whoever calls, without a claim to check).</summary>
public sealed record StagePlanHold(string JobId, int Stage, PlanHolder? Holder);

/// <param name="FirstOrdinal">The plan position of the first of <see cref="Tasks"/> (the tasks before it were written by earlier chunks).</param>
public sealed record TasksPendingInsertParams(StagePlanHold Hold, IReadOnlyList<PlannedTask> Tasks, int FirstOrdinal);

/// <param name="Limit">Most tasks one call changes: it bounds the transaction.</param>
public sealed record TasksPendingDiscardParams(StagePlanHold Hold, int Limit);

/// <param name="TaskCount">How many tasks the chunks wrote, all pending.</param>
public sealed record StagePlanMarkParams(StagePlanHold Hold, int TaskCount, Definitions.StageTolerance? Tolerance);

/// <param name="After">Only tasks whose id sorts after this one (the last id the previous batch released); null from the stage's first.</param>
/// <param name="Limit">Most tasks one call releases: it bounds the transaction.</param>
public sealed record TasksPendingReleaseParams(StagePlanHold Hold, string? After, int Limit);

/// <summary>Where a chunked plan stands, read under the write lock at the start of each step.</summary>
public enum StagePlanState
{
    /// <summary>The job ended, or the holder no longer holds the plan item: the planner stops and writes nothing.</summary>
    Gone,
    /// <summary>The stage has no row yet: its tasks so far (pending, invisible) are a plan still being written.</summary>
    Unmarked,
    /// <summary>The stage row stands (counts set, stage_planned written): only pending tasks are left to release.</summary>
    Marked,
}

/// <summary>What a chunk step did: the state it found, and how many tasks it wrote or changed (0 unless it went ahead).</summary>
/// <param name="LastTaskId">For a release, the greatest task id it released (where the next batch starts); null if none.</param>
public sealed record StagePlanChunkOutcome(StagePlanState State, int Count, string? LastTaskId = null);
