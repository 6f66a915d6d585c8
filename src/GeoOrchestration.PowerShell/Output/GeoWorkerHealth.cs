using GeoOrchestration.Hosting.Health;

namespace GeoOrchestration.PowerShell;

/// <summary>
/// What <c>Test-GeoWorkerHealth</c> found: the checks of <c>geoorch health</c> (Hosting's <see cref="HealthProbe"/>) as an object.
/// </summary>
public sealed class GeoWorkerHealth
{
    internal GeoWorkerHealth(HealthReport report)
    {
        Healthy = report.Healthy;
        Reason = report.Reason;
        HealthFile = report.HealthFile;
        State = report.State;
        HeartbeatAge = report.HeartbeatAge;
        MaxAge = report.MaxAge;
        ProcessAlive = report.ProcessAlive;
        StoreReachable = report.StoreReachable;
        WorkerId = report.WorkerId;
        ProcessId = report.ProcessId;
        Running = report.Running;
        Executed = report.Executed;
        LastStoreError = report.LastStoreCallSucceeded == false ? report.LastStoreError : null;
    }

    /// <summary>Every check made passed.</summary>
    public bool Healthy { get; }

    /// <summary>One line saying why (the line <c>geoorch health</c> prints after <c>healthy:</c> / <c>unhealthy:</c>).</summary>
    public string Reason { get; }

    /// <summary>The heartbeat file read (full path); null when none was configured (the store alone was checked).</summary>
    public string? HealthFile { get; }

    /// <summary>The worker's state in its record: <c>starting</c>, <c>running</c>, <c>stopping</c>, <c>stopped</c> or <c>failed</c>.</summary>
    public string? State { get; }

    /// <summary>How long ago the worker's own loops last turned.</summary>
    public TimeSpan? HeartbeatAge { get; }

    /// <summary>The age past which the heartbeat counts as stale.</summary>
    public TimeSpan? MaxAge { get; }

    /// <summary>Whether the worker's process runs.</summary>
    public bool? ProcessAlive { get; }

    /// <summary>Whether the store answered a schema check within the timeout; null when not checked (<c>-Liveness</c>).</summary>
    public bool? StoreReachable { get; }

    public string? WorkerId { get; }

    public int? ProcessId { get; }

    /// <summary>Work items the worker held when it last wrote its heartbeat.</summary>
    public int? Running { get; }

    /// <summary>Work items the worker had carried out when it last wrote its heartbeat.</summary>
    public long? Executed { get; }

    /// <summary>The first line of the worker's own last store error, when its last store call failed.</summary>
    public string? LastStoreError { get; }

    /// <summary><c>healthy: ...</c> or <c>unhealthy: ...</c>, as <c>geoorch health</c> prints it.</summary>
    public override string ToString() => $"{(Healthy ? "healthy" : "unhealthy")}: {Reason}";
}
