using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Parameters;

/// <summary>
/// Reads parameters given as JSON text. A key given twice is refused, naming it: JSON parsers
/// disagree on which value wins, so the job would silently run with one of them (or, with
/// <see cref="JsonNode"/>, fail later with an unrelated error).
/// </summary>
public static class ParametersJson
{
    /// <summary>Reads a JSON object of parameters.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The parameters, not yet validated.</returns>
    /// <exception cref="GeoValidationException">The text is not JSON (rule <c>json</c>), not an object (rule <c>object</c>), or gives a key twice at any depth (naming each).</exception>
    public static JsonObject Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new GeoValidationException("parameters", "json", $"'parameters' is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new GeoValidationException("parameters", "object",
                    $"'parameters' must be a JSON object; got {root.ValueKind.ToString().ToLowerInvariant()}.");
            var duplicates = new List<ValidationError>();
            FindDuplicates(root, "", duplicates);
            if (duplicates.Count > 0) throw new GeoValidationException(duplicates);
            return JsonObject.Create(root.Clone())!;
        }
    }

    /// <summary>
    /// A name escaping a lone surrogate cannot be decoded; it is left to the storable-text check that
    /// callers run next (StorableParameters), which names the rule it breaks.
    /// </summary>
    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static void FindDuplicates(JsonElement element, string path, List<ValidationError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryName(property, out var name)) continue;
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    if (!seen.Add(name))
                        errors.Add(new(field, "duplicate", $"Parameter '{field}' is given more than once in the JSON parameters."));
                    FindDuplicates(property.Value, field, errors);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) FindDuplicates(item, $"{path}[{index++}]", errors);
                break;
        }
    }
}
