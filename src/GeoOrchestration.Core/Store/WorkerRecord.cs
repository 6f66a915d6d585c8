namespace GeoOrchestration.Store;

/// <summary>
/// A worker in the store's registry, as read at <see cref="ReadAt"/> (the store's clock, as every time here).
/// </summary>
/// <param name="WorkerId">Its id: the lease owner it records on the work it claims.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process id on that machine.</param>
/// <param name="Version">The GeoOrchestration version it runs.</param>
/// <param name="JobTypes">The job types it can run, by name.</param>
/// <param name="Concurrency">Work items it runs at once.</param>
/// <param name="Transport">How work reaches it.</param>
/// <param name="Started">When it started.</param>
/// <param name="Heartbeat">Its last heartbeat.</param>
/// <param name="ExpiresAt">When it counts as lost unless it heartbeats again.</param>
/// <param name="Running">Work items it held at its last heartbeat.</param>
/// <param name="Stopping">It was asked to stop and is finishing or handing back what it holds.</param>
/// <param name="ReadAt">The store's clock when the row was read.</param>
public sealed record WorkerRecord(string WorkerId, string Host, int ProcessId, string Version, IReadOnlyList<string> JobTypes,
    int Concurrency, string Transport, DateTimeOffset Started, DateTimeOffset Heartbeat, DateTimeOffset ExpiresAt, int Running,
    bool Stopping, DateTimeOffset ReadAt)
{
    /// <summary>Its expiry passed without a heartbeat: it died or lost the store (a janitor round removes it).</summary>
    public bool Lost => ExpiresAt <= ReadAt;

    /// <summary>How long before <see cref="ReadAt"/> it last heartbeat.</summary>
    public TimeSpan HeartbeatAge => ReadAt - Heartbeat;

    /// <summary>What it is doing as one word: <see cref="WorkerState.Lost"/>, <see cref="WorkerState.Stopping"/> or <see cref="WorkerState.Running"/>.</summary>
    public WorkerState State => Lost ? WorkerState.Lost : Stopping ? WorkerState.Stopping : WorkerState.Running;

    /// <summary>Whether it can run jobs of <paramref name="jobType"/>.</summary>
    public bool CanRun(string jobType) => JobTypes.Contains(jobType, StringComparer.Ordinal);
}
