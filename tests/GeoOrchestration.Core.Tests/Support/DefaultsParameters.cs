using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>One property of each supported type, with initialisers the schema reads as defaults.</summary>
public sealed class DefaultsParameters
{
    [Parameter("retries")]
    public int Retries { get; init; } = 5;

    [Parameter("budget")]
    public long Budget { get; init; } = 10_000_000_000;

    [Parameter("ratio")]
    public double Ratio { get; init; } = 0.25;

    [Parameter("dry_run")]
    public bool DryRun { get; init; } = true;

    [Parameter("mode")]
    public string Mode { get; init; } = "fast";

    [Parameter("tags")]
    public string[] Tags { get; init; } = ["a", "b"];

    [Parameter("note")]
    public string? Note { get; init; }

    [Parameter("target", Required = true)]
    public string Target { get; init; } = "ignored because required";
}
