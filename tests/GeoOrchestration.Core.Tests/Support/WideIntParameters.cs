using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>An int and a long parameter with no declared range.</summary>
public sealed class WideIntParameters
{
    [Parameter("small")]
    public int? Small { get; init; }

    [Parameter("big")]
    public long? Big { get; init; }
}
