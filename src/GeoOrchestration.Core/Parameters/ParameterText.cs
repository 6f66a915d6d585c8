using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Parameters;

/// <summary>
/// Reads <c>KEY=VALUE</c> pairs from a command line into JSON using the schema's types, so that
/// <c>--param count=5</c> means the integer 5. Values the schema does not type (unknown keys)
/// stay strings and are then refused by the validator with the list of known parameters.
/// </summary>
public static class ParameterText
{
    /// <summary>Reads <c>KEY=VALUE</c> pairs, typed by the schema: a list repeats its key or separates items with commas.</summary>
    /// <param name="schema">The job type's schema.</param>
    /// <param name="pairs">The pairs as the command line gave them.</param>
    /// <returns>The parameters as JSON, not yet validated.</returns>
    /// <exception cref="Errors.GeoValidationException">A pair is not <c>KEY=VALUE</c>, a key other than a list's is given twice, or a value is not of its parameter's type; every such pair is named.</exception>
    public static JsonObject Parse(ParameterSchema schema, IEnumerable<string> pairs)
    {
        var result = new JsonObject();
        var errors = new List<ValidationError>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                errors.Add(new("param", "format", $"'param' value '{pair}' must be written KEY=VALUE."));
                continue;
            }
            var key = pair[..eq].Trim();
            var text = pair[(eq + 1)..];
            if (!schema.TryGet(key, out var spec))
            {
                result[key] = text;
                continue;
            }
            if (spec.Kind == ParameterKind.StringArray)
            {
                // Repeating a key appends; commas separate items, as PowerShell users write lists.
                var array = result[key] as JsonArray ?? new JsonArray();
                foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    array.Add(item);
                result[key] = array;
                continue;
            }
            if (result.ContainsKey(key))
            {
                errors.Add(new(key, "duplicate", $"Parameter '{key}' is given more than once."));
                continue;
            }
            var node = Convert(spec, text);
            if (node is null)
                errors.Add(new(key, "type", $"Parameter '{key}' must be {(spec.Kind == ParameterKind.Boolean ? "true or false" : "a" + (spec.Kind == ParameterKind.Integer ? "n integer" : " number"))}; got '{text}'."));
            else
                result[key] = node;
        }
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return result;
    }

    private static JsonNode? Convert(ParameterSpec spec, string text) => spec.Kind switch
    {
        ParameterKind.String => JsonValue.Create(text),
        ParameterKind.Integer => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? JsonNode.Parse(d.ToString(CultureInfo.InvariantCulture))
            // Beyond a decimal (1e30) it is still a number: the validator then names the parameter's range.
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var large) && double.IsFinite(large)
                ? JsonValue.Create(large) : null,
        ParameterKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? JsonValue.Create(n) : null,
        ParameterKind.Boolean => bool.TryParse(text, out var b) ? JsonValue.Create(b) : null,
        _ => null,
    };
}
