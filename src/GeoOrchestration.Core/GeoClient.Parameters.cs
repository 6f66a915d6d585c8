using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>
    /// Parameters from .NET values, as a hashtable, an object's properties or a CSV row give them,
    /// typed by the job type's schema: text is read as <c>KEY=VALUE</c> text is (<c>"5"</c> is the
    /// integer 5 for an integer parameter, <c>"a,b"</c> two items of a list), numbers, booleans and
    /// lists are taken as they are. A key that matches a parameter only when case is ignored takes
    /// that parameter's name. Null and empty text mean "not given" (an empty CSV cell).
    /// </summary>
    /// <exception cref="GeoValidationException">The job type is unknown, a key is given twice (in two cases), or text does not read as the parameter's type; every problem is listed.</exception>
    /// <param name="jobType">The registered job type's name.</param>
    /// <param name="values">Parameter names and .NET values.</param>
    /// <returns>The parameters as JSON, not yet validated against the schema's rules.</returns>
    public JsonObject ParametersFrom(string jobType, IEnumerable<KeyValuePair<string, object?>> values)
    {
        var schema = Registry.GetJob(jobType).Schema;
        var result = new JsonObject();
        var texts = new List<string>();
        var errors = new List<ValidationError>();
        foreach (var (given, value) in values)
        {
            if (value is null || value is string { Length: 0 }) continue;
            var key = NameOf(schema, given);
            if (result.ContainsKey(key) || texts.Any(t => t.StartsWith(key + "=", StringComparison.Ordinal)))
            {
                errors.Add(new(key, "duplicate", $"Parameter '{key}' is given more than once."));
                continue;
            }
            if (value is string text) texts.Add($"{key}={text}");
            else result[key] = ToNode(value);
        }
        try
        {
            foreach (var (key, node) in ParameterText.Parse(schema, texts).ToList()) result[key] = node?.DeepClone();
        }
        catch (GeoValidationException e)
        {
            errors.AddRange(e.Errors);
        }
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return result;
    }

    private static string NameOf(ParameterSchema schema, string given)
    {
        if (schema.TryGet(given, out _)) return given;
        var matches = schema.Parameters.Where(p => string.Equals(p.Name, given, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0].Name : given;
    }

    private static JsonNode? ToNode(object value) => value switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int or long or short or byte or sbyte or ushort or uint or ulong => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        decimal d => JsonValue.Create(d),
        double or float => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        JsonNode node => node.DeepClone(),
        IEnumerable items and not IDictionary => new JsonArray(items.Cast<object?>().Select(i => i is null ? null : ToNode(i)).ToArray()),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
