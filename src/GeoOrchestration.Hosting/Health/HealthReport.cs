namespace GeoOrchestration.Hosting.Health;

/// <summary>What a health probe found (<see cref="HealthProbe.CheckAsync"/>): <c>geoorch health</c> prints it, <c>Test-GeoWorkerHealth</c> returns it.</summary>
/// <param name="Healthy">Every check made passed.</param>
/// <param name="Reason">One line saying why, e.g. <c>heartbeat stale: last turned 75 s ago (max age 60 s)</c>; never a secret.</param>
/// <param name="HealthFile">The heartbeat file read (a full path), or null when none was configured.</param>
/// <param name="State">The worker's state in its record (<c>starting</c>, <c>running</c>, <c>stopping</c>, <c>stopped</c>), or null.</param>
/// <param name="HeartbeatAge">How long ago the worker's loops last turned, or null without a record.</param>
/// <param name="MaxAge">The age past which the heartbeat counts as stale (given, or <see cref="HealthProbe.DefaultMaxAge"/>), or null without a record.</param>
/// <param name="ProcessAlive">Whether the record's process runs (the same process, by its start time); null without a record.</param>
/// <param name="StoreReachable">Whether the store answered a schema check within the timeout; null when not checked (liveness).</param>
/// <param name="WorkerId">The worker's id, from its record.</param>
/// <param name="ProcessId">The worker's process id, from its record.</param>
/// <param name="Running">Work items the worker held when it last wrote.</param>
/// <param name="Executed">Work items the worker had carried out when it last wrote.</param>
/// <param name="LastStoreCallSucceeded">Whether the worker's own last store call succeeded, from its record.</param>
/// <param name="LastStoreError">That call's error, first line, when it failed.</param>
public sealed record HealthReport(
    bool Healthy,
    string Reason,
    string? HealthFile,
    string? State,
    TimeSpan? HeartbeatAge,
    TimeSpan? MaxAge,
    bool? ProcessAlive,
    bool? StoreReachable,
    string? WorkerId,
    int? ProcessId,
    int? Running,
    long? Executed,
    bool? LastStoreCallSucceeded,
    string? LastStoreError)
{
    /// <summary>The line <c>geoorch health</c> prints: <c>healthy: ...</c> or <c>unhealthy: ...</c>.</summary>
    public override string ToString() => $"{(Healthy ? "healthy" : "unhealthy")}: {Reason}";
}
