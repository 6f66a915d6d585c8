namespace GeoOrchestration.Store;

/// <summary>
/// A store whose ready work can be relayed by a message transport (PostgreSQL; the embedded store
/// has no outbox and refuses such a transport). The ready rows themselves are the outbox: each
/// work item attempt carries a dispatched mark, and what is not dispatched is found through a
/// partial index. A relay lists what is undispatched, sends it, then marks it: a crash between
/// commit and send loses nothing (the next listing has it), a crash between send and mark sends a
/// duplicate that the message's id and the named claim absorb.
/// </summary>
/// <remarks>Every method may throw what <see cref="IGeoStore"/>'s methods throw.</remarks>
public interface IGeoStoreOutbox
{
    /// <summary>
    /// Calls <paramref name="onCommitted"/> after each commit of this store object that made work
    /// ready or scheduled it for later (a submit, a plan, an advance, a retry, a hand-back, a rescue),
    /// so a relay in the same process sends it at once. On a thread of the store's choosing; it
    /// must be cheap and must not throw.
    /// </summary>
    /// <returns>Disposing it stops the calls.</returns>
    IDisposable WorkCommittedSubscribe(Action onCommitted);

    /// <summary>
    /// Undispatched attempts, oldest ready first, at most <see cref="OutboxListParams.Limit"/>: queued
    /// tasks (including those scheduled for later) and control items whose lease is free.
    /// </summary>
    /// <returns>The attempts, each with how long until it falls due by the store's clock.</returns>
    Task<IReadOnlyList<OutboxEntry>> OutboxListAsync(OutboxListParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Marks attempts as dispatched. An attempt that is no longer current (claimed, done, a newer
    /// turn) is left alone: marking is a compare-and-set on the turn.
    /// </summary>
    /// <returns>How many were marked.</returns>
    Task<int> OutboxMarkAsync(OutboxMarkParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Claims exactly the named attempts that are still current (the same compare-and-set lease as
    /// <see cref="IGeoStore.WorkClaimAsync"/>, keyed on the turn instead of "any queued row"). An
    /// attempt whose task is done, whose turn has passed or whose control item is leased or gone is
    /// left out; the items' job status comes along as for any claim, so the worker drops work of an
    /// ended job. Does not look at the attempt's due time: the message's scheduled delivery was the wait.
    /// </summary>
    /// <returns>The items claimed, control work first (none when nothing named was current).</returns>
    Task<WorkClaimOutcome> WorkClaimNamedAsync(WorkClaimNamedParams parameters, CancellationToken cancellationToken);

    /// <summary>What of a job (or of the whole store) waits undispatched, for a front end to report an unreachable transport.</summary>
    /// <returns>The count and the age of the oldest, by the store's clock.</returns>
    Task<OutboxBacklog> OutboxBacklogAsync(OutboxBacklogParams parameters, CancellationToken cancellationToken);
}

/// <summary>An undispatched attempt and when it falls due.</summary>
/// <param name="Attempt">The attempt.</param>
/// <param name="DueIn">Until it may run, by the store's clock; zero when due now (a retry's backoff is positive).</param>
/// <param name="ReadyFor">How long it has waited undispatched since it became ready (or was last dispatched, for a stranded one).</param>
public sealed record OutboxEntry(WorkAttempt Attempt, TimeSpan DueIn, TimeSpan ReadyFor);

/// <param name="Limit">At most this many, 1 or more.</param>
/// <param name="ReadyFor">Only attempts undispatched at least this long (a sweeper's grace for the committing worker's own send); zero for all.</param>
/// <param name="StrandedAfter">
/// Also list attempts dispatched longer ago than this and still unclaimed (their message was lost or
/// dead-lettered); longer than the transport's duplicate-detection window, so a re-send gets through. Null: none.
/// </param>
public sealed record OutboxListParams(int Limit, TimeSpan ReadyFor, TimeSpan? StrandedAfter = null);

/// <param name="Attempts">The attempts sent.</param>
public sealed record OutboxMarkParams(IReadOnlyList<WorkAttempt> Attempts);

/// <param name="WorkerId">The lease owner to record.</param>
/// <param name="Attempts">The attempts the worker received messages for.</param>
/// <param name="Lease">The lease to take, as for <see cref="WorkClaimParams.Lease"/>.</param>
public sealed record WorkClaimNamedParams(string WorkerId, IReadOnlyList<WorkAttempt> Attempts, TimeSpan Lease);

/// <param name="JobId">One job; null for the whole store.</param>
public sealed record OutboxBacklogParams(string? JobId);

/// <param name="Undispatched">How many attempts wait undispatched (scheduled ones not yet due excluded).</param>
/// <param name="OldestReadyFor">How long the oldest of them has waited; null when none.</param>
public sealed record OutboxBacklog(long Undispatched, TimeSpan? OldestReadyFor);
