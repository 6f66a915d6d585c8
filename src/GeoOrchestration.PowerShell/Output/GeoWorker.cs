using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell;

/// <summary>A worker in the store's worker registry, as <c>Get-GeoWorker</c> outputs it.</summary>
public sealed class GeoWorker
{
    /// <summary>Its id: the lease owner it records on the work it claims (a task's <c>Worker</c>).</summary>
    public string WorkerId { get; init; } = "";

    /// <summary>The machine it runs on (a container's host name in a container).</summary>
    public string HostName { get; init; } = "";

    /// <summary>Its process id on that machine.</summary>
    public int ProcessId { get; init; }

    /// <summary>The GeoOrchestration version it runs.</summary>
    public string Version { get; init; } = "";

    /// <summary><c>Running</c>, <c>Stopping</c> (asked to stop: finishing or handing back what it holds) or <c>Lost</c> (its heartbeats stopped past its expiry).</summary>
    public string State { get; init; } = "";

    /// <summary>Work items it runs at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>Work items it held at its last heartbeat.</summary>
    public int Running { get; init; }

    /// <summary>The job types it can run.</summary>
    public string[] JobTypes { get; init; } = [];

    /// <summary>How work reaches it.</summary>
    public string Transport { get; init; } = "";

    /// <summary>When it started (local time).</summary>
    public DateTime Started { get; init; }

    /// <summary>Its last heartbeat (local time).</summary>
    public DateTime LastHeartbeat { get; init; }

    /// <summary>How long before the read it last heartbeat, by the store's clock.</summary>
    public TimeSpan HeartbeatAge { get; init; }

    /// <summary>How long it has been running, by the store's clock at the read.</summary>
    public TimeSpan Uptime { get; init; }

    /// <summary>When it counts as lost unless it heartbeats again (local time).</summary>
    public DateTime ExpiresAt { get; init; }

    public override string ToString() => WorkerId;

    internal static GeoWorker From(WorkerRecord worker) => new()
    {
        WorkerId = worker.WorkerId,
        HostName = worker.Host,
        ProcessId = worker.ProcessId,
        Version = worker.Version,
        State = worker.State.ToString(),
        Concurrency = worker.Concurrency,
        Running = worker.Running,
        JobTypes = worker.JobTypes.ToArray(),
        Transport = worker.Transport,
        Started = LocalTime.Of(worker.Started),
        LastHeartbeat = LocalTime.Of(worker.Heartbeat),
        HeartbeatAge = worker.HeartbeatAge,
        Uptime = worker.ReadAt - worker.Started,
        ExpiresAt = LocalTime.Of(worker.ExpiresAt),
    };
}
