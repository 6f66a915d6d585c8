using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

// Parameters classes that ParameterSchema must refuse, each for one reason.

public sealed class UnsupportedTypeParameters
{
    [Parameter("threshold")]
    public float Threshold { get; init; }
}

public sealed class ReadOnlyParameters
{
    [Parameter("fixed")]
    public int Fixed => 1;
}

public sealed class DuplicateNameParameters
{
    [Parameter("size")]
    public int Width { get; init; }

    [Parameter("size")]
    public int Height { get; init; }
}

public sealed class NoDefaultConstructorParameters(int value)
{
    [Parameter("value")]
    public int Value { get; init; } = value;
}

[MutuallyExclusive("size", "missing")]
public sealed class ExclusiveUnknownParameters
{
    [Parameter("size")]
    public int Size { get; init; }
}

[MutuallyExclusive("size", "area")]
public sealed class ExclusiveRequiredParameters
{
    [Parameter("size", Required = true)]
    public int Size { get; init; }

    [Parameter("area")]
    public int Area { get; init; }
}
