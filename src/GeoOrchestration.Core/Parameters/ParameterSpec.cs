using System.Reflection;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Parameters;

/// <summary>One parameter's rules, read once from its property and attribute.</summary>
public sealed record ParameterSpec
{
    public required string Name { get; init; }
    public required ParameterKind Kind { get; init; }
    public required bool Required { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public IReadOnlyList<string>? Allowed { get; init; }
    /// <summary>Parameters that may not be given together with this one (<see cref="MutuallyExclusiveAttribute"/>); null when none.</summary>
    public IReadOnlyList<string>? ExclusiveWith { get; init; }
    /// <summary>The value used when an optional parameter is not given; null when it has none.</summary>
    public JsonNode? Default { get; init; }
    public string? Description { get; init; }
    /// <summary>The property the value binds to.</summary>
    public required PropertyInfo Property { get; init; }

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
