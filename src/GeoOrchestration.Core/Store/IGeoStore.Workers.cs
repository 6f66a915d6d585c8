namespace GeoOrchestration.Store;

/// <summary>
/// The worker registry (issue 23, "who is working"): every running worker has a row, written when it
/// starts (<see cref="WorkerRegisterAsync"/>), on each of its heartbeats (<see cref="WorkerHeartbeatAsync"/>,
/// on its lease-renewal timer: one statement per interval, nothing per task) and removed when it stops
/// cleanly (<see cref="WorkerDeregisterAsync"/>). A worker that dies leaves its row to expire: it reads
/// as lost (<see cref="WorkerRecord.Lost"/>) once its expiry passed, and a janitor round removes it
/// (<see cref="WorkerExpireAsync"/>). Times are the store's clock, so workers on several machines
/// agree on who is alive. A handful of rows: reads scan them all.
/// </summary>
/// <remarks>
/// A store may lack the registry: its defaults keep none (registering and heartbeating do nothing,
/// <see cref="WorkerListAsync"/> answers null, "cannot tell"), and front ends fall back to
/// <see cref="WorkerActivityAsync"/>. Both stores here override every one of them.
/// </remarks>
public partial interface IGeoStore
{
    /// <summary>
    /// Registers a worker, or registers it again (its row is replaced): at its start, and when a
    /// heartbeat found its row gone. The store stamps started (now less <see cref="WorkerRegisterParams.Uptime"/>),
    /// heartbeat (now) and expiry (now plus <see cref="WorkerRegisterParams.Expiry"/>) with its own clock.
    /// Compare-and-set on the holder: a row of another <see cref="WorkerRegisterParams.Instance"/> is taken
    /// over only once it is lost (its expiry passed); while it lives, nothing is written and the holder is returned.
    /// </summary>
    /// <returns>Null when the worker is registered (and, by default, for a store without a registry); the live worker holding the id, as read, when refused.</returns>
    Task<WorkerRecord?> WorkerRegisterAsync(WorkerRegisterParams parameters, CancellationToken cancellationToken) => Task.FromResult<WorkerRecord?>(null);

    /// <summary>
    /// A registered worker's heartbeat: its last heartbeat becomes now, its expiry now plus
    /// <see cref="WorkerHeartbeatParams.Expiry"/>, and its running count and stopping flag are stored. One
    /// statement by primary key and <see cref="WorkerHeartbeatParams.Instance"/>; it revives a worker read as lost that a
    /// janitor has not removed yet, unless another process registered with its id meanwhile.
    /// </summary>
    /// <returns>
    /// True when the worker is registered (and, by default, for a store without a registry: nothing to register again);
    /// false (nothing written) when it is not, or no longer (it then registers again).
    /// </returns>
    Task<bool> WorkerHeartbeatAsync(WorkerHeartbeatParams parameters, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>
    /// Removes a worker from the registry: a worker that stops cleanly does, last of all, its own row only
    /// (<see cref="WorkerRef.Instance"/>: a refused second process never removes the first one's row).
    /// </summary>
    /// <returns>True when it was registered; false when there was no such row.</returns>
    Task<bool> WorkerDeregisterAsync(WorkerRef parameters, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Every registered worker, lost ones included until a janitor removes them, ordered by host,
    /// start and id, each stamped with the store's clock at the read (<see cref="WorkerRecord.ReadAt"/>).
    /// </summary>
    /// <returns>The workers; empty when none is registered; null when the store keeps no registry (the default).</returns>
    Task<IReadOnlyList<WorkerRecord>?> WorkerListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<WorkerRecord>?>(null);

    /// <summary>
    /// Removes the workers whose expiry has passed (compare-and-set on it: one that heartbeat meanwhile
    /// stays). The janitor's round does it, so a dead worker leaves the registry within one janitor
    /// interval of its expiry.
    /// </summary>
    /// <returns>The workers removed, as they were; empty when none had expired.</returns>
    Task<IReadOnlyList<WorkerRecord>> WorkerExpireAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<WorkerRecord>>([]);
}
