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
}
