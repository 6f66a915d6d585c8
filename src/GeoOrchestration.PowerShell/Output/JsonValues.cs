using System.Collections;
using System.Collections.Specialized;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.PowerShell.Output;

/// <summary>
/// JSON from the engine as plain .NET values PowerShell shows, pipes, converts back with
/// <c>ConvertTo-Json</c> and serialises with <c>Export-Clixml</c>: objects become ordered
/// dictionaries, arrays <c>object[]</c>, numbers <c>long</c> when whole and <c>double</c> otherwise.
/// </summary>
internal static class JsonValues
{
    /// <summary>A JSON object as an ordered dictionary whose text is its JSON (<see cref="JsonDictionary"/>, for Export-Csv).</summary>
    public static OrderedDictionary ToDictionary(JsonObject json)
    {
        var result = new JsonDictionary();
        foreach (var (key, value) in json) result[key] = ToValue(value);
        return result;
    }

    public static object? ToValue(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToDictionary(o),
        JsonArray a => a.Select(ToValue).ToArray(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Boxed one by one: a ?: over long and double would make every whole number a double.
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? (object)l
                : v.TryGetValue<double>(out var d) ? (object)d
                : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    /// <summary>The entries of a dictionary, with PowerShell's wrappers taken off every value.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Entries(IDictionary dictionary) =>
        dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k.ToString() ?? "", Unwrap(dictionary[k])));

    /// <summary>Takes the <c>PSObject</c> wrapper off a value and off every item of a list.</summary>
    public static object? Unwrap(object? value) => value switch
    {
        System.Management.Automation.PSObject wrapped => Unwrap(wrapped.BaseObject),
        string or IDictionary => value,
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToArray(),
        _ => value,
    };
}
