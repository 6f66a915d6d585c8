using System.Text.Json.Nodes;

namespace GeoOrchestration.Parameters;

/// <summary>Turns validated parameters into an instance of the job type's parameters class, and back.</summary>
public static class ParameterBinder
{
    /// <summary>An instance of the parameters class with every given parameter set; the others keep the class's initial values.</summary>
    /// <param name="schema">The job type's schema.</param>
    /// <param name="validated">Parameters that passed <see cref="ParameterValidator.Validate"/>.</param>
    /// <returns>An instance of <see cref="ParameterSchema.ParametersType"/>.</returns>
    public static object Bind(ParameterSchema schema, JsonObject validated)
    {
        var instance = Activator.CreateInstance(schema.ParametersType)!;
        foreach (var spec in schema.Parameters)
        {
            if (!validated.TryGetPropertyValue(spec.Name, out var node) || node is null) continue;
            spec.Property.SetValue(instance, FromNode(spec, node));
        }
        return instance;
    }

    private static object? FromNode(ParameterSpec spec, JsonNode node)
    {
        var target = Nullable.GetUnderlyingType(spec.Property.PropertyType) ?? spec.Property.PropertyType;
        return spec.Kind switch
        {
            ParameterKind.Integer when target == typeof(int) => checked((int)node.GetValue<long>()),
            ParameterKind.Integer => node.GetValue<long>(),
            ParameterKind.Number => node.GetValue<double>(),
            ParameterKind.Boolean => node.GetValue<bool>(),
            ParameterKind.String => node.GetValue<string>(),
            ParameterKind.StringArray => node.AsArray().Select(n => n!.GetValue<string>()).ToArray(),
            _ => throw new InvalidOperationException($"Unhandled parameter kind {spec.Kind}."),
        };
    }

    internal static JsonNode ToNode(ParameterKind kind, object value) => kind switch
    {
        ParameterKind.Integer => JsonValue.Create(Convert.ToInt64(value)),
        ParameterKind.Number => JsonValue.Create((double)value),
        ParameterKind.Boolean => JsonValue.Create((bool)value),
        ParameterKind.String => JsonValue.Create((string)value),
        ParameterKind.StringArray => new JsonArray(((string[])value).Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        _ => throw new InvalidOperationException($"Unhandled parameter kind {kind}."),
    };
}
