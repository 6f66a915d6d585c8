namespace GeoOrchestration.Cli.Bench;

/// <summary>What one benchmark run does; printed with the figures so they can be reproduced.</summary>
public sealed record BenchSettings
{
    public required string Scenario { get; init; }
    public required int Tasks { get; init; }
    public required int Workers { get; init; }
    public required int Concurrency { get; init; }
    public required bool Processes { get; init; }
    public required int Runs { get; init; }
    public required int Stages { get; init; }
    public int Warmups { get; init; }
    /// <summary>How work reaches the workers: <c>database</c> (the default), <c>servicebus</c>, or <c>both</c> (runs interleaved).</summary>
    public string Transport { get; init; } = "database";
    /// <summary>
    /// Whether the bench's in-process workers run their own retention loop (default true, as a worker does).
    /// <c>geoorch bench prune</c> turns it off: a worker's pass finishes a removal another pass began, so it
    /// would remove part of what the measured pass is timed and counted on.
    /// </summary>
    public bool WorkerRetentionLoop { get; init; } = true;
}
