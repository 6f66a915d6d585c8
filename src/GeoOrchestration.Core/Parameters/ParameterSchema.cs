using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Parameters;

/// <summary>
/// The parameters a job type accepts, read from the <see cref="ParameterAttribute"/>s of its
/// parameters class. Built once per class; a class the engine cannot understand is a start-up error.
/// </summary>
public sealed class ParameterSchema
{
    private static readonly ConcurrentDictionary<Type, ParameterSchema> Cache = new();

    private ParameterSchema(Type type, IReadOnlyList<ParameterSpec> parameters, IReadOnlyList<IReadOnlyList<string>> exclusiveGroups)
    {
        ParametersType = type;
        Parameters = parameters;
        ExclusiveGroups = exclusiveGroups;
        ByName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The job type's parameters class.</summary>
    public Type ParametersType { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Groups of parameters of which at most one may be given (<see cref="MutuallyExclusiveAttribute"/>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> ExclusiveGroups { get; }

    internal IReadOnlyDictionary<string, ParameterSpec> ByName { get; }

    /// <summary>Looks a parameter up by its exact name.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="spec">Its rules, when found.</param>
    /// <returns>True when the job type has the parameter.</returns>
    public bool TryGet(string name, out ParameterSpec spec) => ByName.TryGetValue(name, out spec!);

    /// <summary>The schema of a parameters class, read from its attributes once and cached.</summary>
    /// <param name="type">The parameters class.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="GeoConfigurationException">The class cannot serve as parameters (no public parameterless constructor, a property type the engine cannot bind, contradictory rules); the message names the class and the property.</exception>
    public static ParameterSchema For(Type type) => Cache.GetOrAdd(type, Build);

    private static ParameterSchema Build(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new GeoConfigurationException($"Parameters class {type.FullName} needs a public parameterless constructor.");
        var blank = Activator.CreateInstance(type)!;
        var specs = new List<ParameterSpec>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = property.GetCustomAttribute<ParameterAttribute>();
            if (attribute is null) continue;
            if (!property.CanWrite)
                throw new GeoConfigurationException($"Parameter property {type.Name}.{property.Name} needs a setter or init accessor.");
            var kind = KindOf(property.PropertyType)
                ?? throw new GeoConfigurationException(
                    $"Parameter property {type.Name}.{property.Name} has type {property.PropertyType.Name}; " +
                    "supported are int, long, double, bool, string and string[] (nullable where optional).");
            var initial = property.GetValue(blank);
            specs.Add(new ParameterSpec
            {
                Name = attribute.Name,
                Kind = kind,
                Required = attribute.Required,
                Minimum = double.IsNaN(attribute.Minimum) ? null : attribute.Minimum,
                Maximum = double.IsNaN(attribute.Maximum) ? null : attribute.Maximum,
                MinLength = attribute.MinLength < 0 ? null : attribute.MinLength,
                MaxLength = attribute.MaxLength < 0 ? null : attribute.MaxLength,
                MinItems = attribute.MinItems < 0 ? null : attribute.MinItems,
                MaxItems = attribute.MaxItems < 0 ? null : attribute.MaxItems,
                Allowed = attribute.Allowed,
                Default = attribute.Required || initial is null ? null : ParameterBinder.ToNode(kind, initial),
                Description = attribute.Description,
                Property = property,
            });
        }
        var duplicate = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new GeoConfigurationException($"Parameters class {type.Name} declares parameter '{duplicate.Key}' twice.");
        var groups = ExclusiveGroupsOf(type, specs);
        specs = specs.Select(s => groups.Any(g => g.Contains(s.Name))
            ? s with { ExclusiveWith = groups.Where(g => g.Contains(s.Name)).SelectMany(g => g).Where(n => n != s.Name).Distinct().ToList() }
            : s).ToList();
        return new ParameterSchema(type, specs, groups);
    }

    private static List<IReadOnlyList<string>> ExclusiveGroupsOf(Type type, List<ParameterSpec> specs)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var attribute in type.GetCustomAttributes<MutuallyExclusiveAttribute>())
        {
            var names = attribute.Names.Distinct(StringComparer.Ordinal).ToList();
            if (names.Count < 2)
                throw new GeoConfigurationException($"Parameters class {type.Name}: [MutuallyExclusive] needs at least two parameter names.");
            foreach (var name in names)
            {
                var spec = specs.FirstOrDefault(s => s.Name == name)
                    ?? throw new GeoConfigurationException($"Parameters class {type.Name}: [MutuallyExclusive] names '{name}', which is not one of its parameters.");
                if (spec.Required)
                    throw new GeoConfigurationException($"Parameters class {type.Name}: required parameter '{name}' cannot be mutually exclusive with others.");
            }
            groups.Add(names);
        }
        return groups;
    }

    private static ParameterKind? KindOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(int) || t == typeof(long)) return ParameterKind.Integer;
        if (t == typeof(double)) return ParameterKind.Number;
        if (t == typeof(bool)) return ParameterKind.Boolean;
        if (t == typeof(string)) return ParameterKind.String;
        if (t == typeof(string[])) return ParameterKind.StringArray;
        return null;
    }

    /// <summary>A JSON description of the schema, for <c>geoorch job-types</c> and help.</summary>
    public JsonArray Describe() => Describe(Parameters);

    /// <summary>
    /// Parameters as JSON, one object each with every rule (absent rules are null): how front ends
    /// print a job type's schema (<see cref="Registry.JobTypeInfo.Parameters"/>).
    /// </summary>
    public static JsonArray Describe(IEnumerable<ParameterSpec> parameters) => new(parameters.Select(p => (JsonNode)new JsonObject
    {
        ["name"] = p.Name,
        ["type"] = p.KindName,
        ["required"] = p.Required,
        ["default"] = p.Default?.DeepClone(),
        ["minimum"] = p.Minimum,
        ["maximum"] = p.Maximum,
        ["minLength"] = p.MinLength,
        ["maxLength"] = p.MaxLength,
        ["minItems"] = p.MinItems,
        ["maxItems"] = p.MaxItems,
        ["allowed"] = p.Allowed is null ? null : new JsonArray(p.Allowed.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["exclusiveWith"] = p.ExclusiveWith is null ? null : new JsonArray(p.ExclusiveWith.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["description"] = p.Description,
    }).ToArray());
}
