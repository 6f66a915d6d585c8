namespace GeoOrchestration.Parameters;

/// <summary>
/// Declares a property of a job type's parameters class as a parameter and states its rules.
/// The property's type gives the JSON type (integer, number, boolean, string, string array); the
/// property's initial value on a new instance is the default for an optional parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ParameterAttribute(string name) : Attribute
{
    /// <summary>The parameter's name in JSON and on the command line (snake_case by convention).</summary>
    public string Name { get; } = name;

    /// <summary>Whether the caller must give it. Default false.</summary>
    public bool Required { get; init; }

    /// <summary>Smallest allowed value of a number. Default: no minimum (NaN).</summary>
    public double Minimum { get; init; } = double.NaN;

    /// <summary>Largest allowed value of a number. Default: no maximum (NaN).</summary>
    public double Maximum { get; init; } = double.NaN;

    /// <summary>Smallest length of a string, in characters. Default: no minimum (-1).</summary>
    public int MinLength { get; init; } = -1;

    /// <summary>Largest length of a string (or of each string in an array), in characters. Default: no maximum (-1).</summary>
    public int MaxLength { get; init; } = -1;

    /// <summary>Fewest items of an array. Default: no minimum (-1).</summary>
    public int MinItems { get; init; } = -1;

    /// <summary>Most items of an array. Default: no maximum (-1).</summary>
    public int MaxItems { get; init; } = -1;

    /// <summary>The only values a string (or each string in an array) may take, compared ordinally. Default: any.</summary>
    public string[]? Allowed { get; init; }

    /// <summary>One sentence for help output.</summary>
    public string? Description { get; init; }
}
