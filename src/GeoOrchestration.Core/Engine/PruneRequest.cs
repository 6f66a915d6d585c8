using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>A prune pass (<see cref="EngineSteps.PruneAsync"/>).</summary>
public sealed record PruneRequest
{
    /// <summary>
    /// Rows per batch by default: 2,000. A batch of that many task deletions held SQLite's write lock for
    /// about 10-40 ms on the bench machine (README "Measuring"), well under a lease renewal's patience
    /// and a claim's expected latency; 10x more held it for ~0.2-0.4 s, which a draining worker felt.
    /// </summary>
    public const int DefaultBatchRows = 2_000;

    /// <summary>How long a pass that waits for the prune lock sleeps before trying again: 1 second.</summary>
    public static readonly TimeSpan LockRetry = TimeSpan.FromSeconds(1);

    /// <summary>Which ended jobs go; null: the store's retention policy (<see cref="IGeoStore.RetentionGetAsync"/>).</summary>
    public IReadOnlyList<PruneRule>? Rules { get; init; }

    /// <summary>About how many rows one batch (one transaction) deletes at most. Default <see cref="DefaultBatchRows"/>.</summary>
    public int BatchRows { get; init; } = DefaultBatchRows;

    /// <summary>
    /// How long to pause after a batch, as a multiple of the time it took: 1 (the default) leaves other
    /// writers at least half the store's write time while a pass runs; 0 pauses not at all.
    /// </summary>
    public double PauseRatio { get; init; } = 1;

    /// <summary>Whether to wait for another pruner's batch instead of ending the pass (an operator's explicit prune waits; the janitor's does not).</summary>
    public bool WaitForLock { get; init; }

    /// <summary>The clock the pauses are measured and slept by; null: the system's.</summary>
    public TimeProvider? Time { get; init; }
}

/// <summary>What a prune pass did.</summary>
public sealed record PruneReport
{
    /// <summary>Jobs removed.</summary>
    public int Jobs { get; init; }
    /// <summary>Task rows deleted.</summary>
    public long Tasks { get; init; }
    /// <summary>Event rows deleted (one by one, before their job).</summary>
    public long Events { get; init; }
    /// <summary>Batches (transactions) that did work.</summary>
    public int Batches { get; init; }
    /// <summary>Matching jobs passed over by the last batch because a handler still ran one of their tasks.</summary>
    public int JobsSkipped { get; init; }
    /// <summary>The whole pass, pauses included.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>The longest single batch: how long the pass held the store's write lock at most (SQLite).</summary>
    public TimeSpan LongestBatch { get; init; }
    /// <summary>Time spent in batches (pauses excluded).</summary>
    public TimeSpan InBatches { get; init; }
    /// <summary>The pass ended because another pruner held the prune lock.</summary>
    public bool StoppedForOtherPruner { get; init; }

    internal PruneReport Add(PruneBatchResult batch, TimeSpan took) => this with
    {
        Jobs = Jobs + batch.JobsRemoved,
        Tasks = Tasks + batch.TasksRemoved,
        Events = Events + batch.EventsRemoved,
        Batches = Batches + 1,
        JobsSkipped = batch.JobsSkipped,
        LongestBatch = took > LongestBatch ? took : LongestBatch,
        InBatches = InBatches + took,
    };
}
