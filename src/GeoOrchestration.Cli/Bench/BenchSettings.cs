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
}
