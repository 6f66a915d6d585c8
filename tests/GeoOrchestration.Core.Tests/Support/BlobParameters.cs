using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>A single unbounded string, so a test can size the canonical document to the byte.</summary>
public sealed class BlobParameters
{
    [Parameter("s")]
    public string? S { get; init; }
}
