using System.Reflection;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Parameters;

/// <summary>One parameter's rules, read once from its property and attribute.</summary>
public sealed record ParameterSpec
{
    /// <summary>The parameter's name in JSON and on the command line.</summary>
    public required string Name { get; init; }
    /// <summary>Its JSON type.</summary>
    public required ParameterKind Kind { get; init; }
    /// <summary>Whether a submission must give it.</summary>
    public required bool Required { get; init; }
    /// <summary>Smallest allowed value of a number; null for none.</summary>
    public double? Minimum { get; init; }
    /// <summary>Largest allowed value of a number; null for none.</summary>
    public double? Maximum { get; init; }
    /// <summary>Fewest characters of a string; null for none.</summary>
    public int? MinLength { get; init; }
    /// <summary>Most characters of a string; null for none.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Fewest items of a list; null for none.</summary>
    public int? MinItems { get; init; }
    /// <summary>Most items of a list; null for none.</summary>
    public int? MaxItems { get; init; }
    /// <summary>The only values a string (or each item of a list) may take; null for any.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }
    /// <summary>Parameters that may not be given together with this one (<see cref="MutuallyExclusiveAttribute"/>); null when none.</summary>
    public IReadOnlyList<string>? ExclusiveWith { get; init; }
    /// <summary>The value used when an optional parameter is not given; null when it has none.</summary>
    public JsonNode? Default { get; init; }
    /// <summary>One sentence for help and <c>job-types</c>; null when none was given.</summary>
    public string? Description { get; init; }
    /// <summary>The property the value binds to.</summary>
    public required PropertyInfo Property { get; init; }

    /// <summary>The JSON type as users read it: <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string</c> or <c>array of strings</c>.</summary>
    public string KindName => Kind switch
    {
        ParameterKind.Integer => "integer",
        ParameterKind.Number => "number",
        ParameterKind.Boolean => "boolean",
        ParameterKind.String => "string",
        ParameterKind.StringArray => "array of strings",
        _ => Kind.ToString(),
    };
}
