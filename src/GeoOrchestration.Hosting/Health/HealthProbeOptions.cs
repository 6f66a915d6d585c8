namespace GeoOrchestration.Hosting.Health;

/// <summary>What a health probe checks (<see cref="HealthProbe.CheckAsync"/>).</summary>
public sealed record HealthProbeOptions
{
    /// <summary>The worker's heartbeat file; null: none (the store alone is checked, and the reason says so).</summary>
    public string? HealthFile { get; init; }

    /// <summary>The heartbeat's largest allowed age; null: <see cref="HealthProbe.DefaultMaxAge"/> of the record read.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Check only the heartbeat (a Kubernetes livenessProbe: a database outage must not restart workers). Needs <see cref="HealthFile"/>.</summary>
    public bool Liveness { get; init; }

    /// <summary>How long the store's schema check may take. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; init; } = HealthProbe.DefaultTimeout;
}
