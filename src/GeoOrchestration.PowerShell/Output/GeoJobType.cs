using GeoOrchestration.Parameters;
using GeoOrchestration.Registry;

namespace GeoOrchestration.PowerShell.Output;

/// <summary>A registered job type as <c>Get-GeoJobType</c> outputs it: its stages and parameter schema.</summary>
public sealed class GeoJobType
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public GeoJobStage[] Stages { get; init; } = [];
    public GeoJobTypeParameter[] Parameters { get; init; } = [];

    /// <summary>Default limit of one task attempt, or null for none (overridable at submit).</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>Default limit of a whole job, or null for none (overridable at submit).</summary>
    public TimeSpan? JobTimeout { get; init; }

    public override string ToString() => Name;

    internal static GeoJobType From(JobTypeInfo info) => new()
    {
        Name = info.Name,
        Description = info.Description,
        Stages = info.Stages.Select(s => new GeoJobStage
        {
            Number = s.Number, Name = s.Name, Kind = s.Kind, TaskType = s.TaskType, MaxAttempts = s.MaxAttempts,
        }).ToArray(),
        Parameters = info.Parameters.Select(GeoJobTypeParameter.From).ToArray(),
        TaskTimeout = info.TaskTimeout,
        JobTimeout = info.JobTimeout,
    };
}

/// <summary>One stage of a job type.</summary>
public sealed class GeoJobStage
{
    public int Number { get; init; }
    public string Name { get; init; } = "";

    /// <summary><c>single</c>, <c>fan_out</c> or <c>fan_in</c>.</summary>
    public string Kind { get; init; } = "";

    public string TaskType { get; init; } = "";
    public int MaxAttempts { get; init; }

    public override string ToString() => $"{Number} {Name} ({Kind})";
}

/// <summary>One parameter of a job type, with every rule it carries.</summary>
public sealed class GeoJobTypeParameter
{
    public string Name { get; init; } = "";

    /// <summary><c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string</c> or <c>array of strings</c>.</summary>
    public string Type { get; init; } = "";

    public bool Required { get; init; }
    public object? Default { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public string[]? Allowed { get; init; }
    public string[]? ExclusiveWith { get; init; }
    public string? Description { get; init; }

    public override string ToString() => Name;

    internal static GeoJobTypeParameter From(ParameterSpec spec) => new()
    {
        Name = spec.Name,
        Type = spec.KindName,
        Required = spec.Required,
        Default = JsonValues.ToValue(spec.Default),
        Minimum = spec.Minimum,
        Maximum = spec.Maximum,
        MinLength = spec.MinLength,
        MaxLength = spec.MaxLength,
        MinItems = spec.MinItems,
        MaxItems = spec.MaxItems,
        Allowed = spec.Allowed?.ToArray(),
        ExclusiveWith = spec.ExclusiveWith?.ToArray(),
        Description = spec.Description,
    };
}
