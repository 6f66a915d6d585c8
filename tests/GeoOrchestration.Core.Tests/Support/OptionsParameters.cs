using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>Covers the rules hello_world does not use: allowed values, booleans, numbers, a required string.</summary>
public sealed class OptionsParameters
{
    [Parameter("mode", Required = true, Allowed = new[] { "fast", "slow" }, Description = "How fast to go.")]
    public string? Mode { get; init; }

    [Parameter("ratio", Minimum = 0, Maximum = 1)]
    public double Ratio { get; init; } = 0.5;

    [Parameter("verbose")]
    public bool Verbose { get; init; }

    [Parameter("label", MinLength = 2, MaxLength = 5)]
    public string? Label { get; init; }

    [Parameter("tags", Allowed = new[] { "red", "green" })]
    public string[]? Tags { get; init; }
}
