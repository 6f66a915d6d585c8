namespace GeoOrchestration.Engine;

/// <summary>
/// The worker's fixed tuning: the numbers no operator sets (those are <see cref="WorkerOptions"/>),
/// each with why it has its value. Changing one changes throughput or latency, never correctness:
/// leases, the janitor and compare-and-set steps keep every outcome right whatever they are.
/// </summary>
internal static class WorkerTuning
{
    /// <summary>
    /// A plan or finalize item claimed this often has failed (or its worker died) every time: fail
    /// the job rather than retry it forever. Ten covers a few worker crashes and store outages in a
    /// row, while a planner that always throws ends its job within minutes, not never.
    /// </summary>
    public const int MaxControlAttempts = 10;

    /// <summary>
    /// How many claimed items per slot may wait for a slot while tasks are short. Short tasks finish
    /// faster than a claim round trip, so a worker that fetches the next batch while the current one
    /// runs never idles between batches. Seven slots' worth makes a claim (half the capacity, see
    /// <see cref="BacklogClaimDivisor"/>) big enough that a round trip hands over 64 tasks at
    /// concurrency 16, and results commit in batches of that size too; an item then waits at most
    /// ~7 task lengths (under 150 ms) for its slot, far inside any lease.
    /// </summary>
    public const int PrefetchSlotsPerSlot = 7;

    /// <summary>
    /// Tasks shorter than this on average (ms) are prefetched. Long tasks would hold waiting leases
    /// that other workers could use, so none then; at 20 ms the 7-deep wait above stays under 150 ms.
    /// </summary>
    public const double PrefetchBelowTaskMs = 20;

    /// <summary>
    /// Weight of the newest task's length in the moving average that picks the prefetch mode: a
    /// tenth follows a change of workload within a few dozen tasks without flapping on one outlier.
    /// </summary>
    public const double TaskLengthWeight = 0.1;

    /// <summary>
    /// While a backlog of short tasks lasts, the claim loop claims only once 1/this of its capacity
    /// is free: one round trip then fetches a real batch instead of one task per finished handler.
    /// </summary>
    public const int BacklogClaimDivisor = 2;

    /// <summary>
    /// First back-off after a failed claim (doubled per failure in a row, from the first failure:
    /// 200 ms, 400 ms, ...): short enough that a store restart costs a pause, not a stall.
    /// </summary>
    public static readonly TimeSpan ClaimBackoffBase = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between failed claims: a worker notices a store that came back within seconds.</summary>
    public static readonly TimeSpan ClaimBackoffMax = TimeSpan.FromSeconds(5);

    /// <summary>Doublings counted at most, so the arithmetic stays small however long the store is away.</summary>
    public const int ClaimBackoffMaxDoublings = 10;

    /// <summary>
    /// Results per slot that may wait for their commit; more and new claims wait instead. A few per
    /// slot lets one commit gather a batch while the slots run on, without holding many results a
    /// crash would make run again.
    /// </summary>
    public const int CompletionQueuePerSlot = 4;

    /// <summary>Most results one completion transaction commits: a commit stays short on both stores however far behind they are.</summary>
    public const int CompletionMaxBatch = 1000;

    /// <summary>
    /// After the shutdown grace, how long handlers stopped by their token get to return. Handlers
    /// that ignore their token are left behind then; their tasks are handed back all the same.
    /// </summary>
    public static readonly TimeSpan StoppedHandlerWait = TimeSpan.FromSeconds(5);

    /// <summary>Leases are renewed this many times per lease, so two renewals can fail before a lease lapses.</summary>
    public const int RenewalsPerLease = 3;

    /// <summary>
    /// How often reported progress is stored, at most (per task: the progress of one report interval
    /// is stored once). Without it progress reached the store only with a renewal: every 10 s at the
    /// default lease, and never for a task shorter than that, so views showed a running task at 0%.
    /// </summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A worker counts as lost (its registry row expires, <see cref="WorkerRegistration.ExpiryOf"/>) this many of its
    /// leases after its last heartbeat: it heartbeats every <see cref="RenewalsPerLease"/>th of a lease, so nine missed
    /// heartbeats, not one slow store call, and by then every lease it held has lapsed (the janitor took its work back).
    /// </summary>
    public const int RegistryExpiryLeases = 3;
}
