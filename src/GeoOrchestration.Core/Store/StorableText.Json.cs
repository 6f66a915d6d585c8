using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Store;

// The rule applied to JSON trees: every string value and every property name, with the path of
// each place that breaks it; and, as JSON has no form for them, NaN and infinities (a store writing
// such a tree fails, and with it every result of the batch it came in). Robust to trees that
// System.Text.Json parsed lazily, whose strings and names throw when read if the text escaped a
// lone surrogate.
public static partial class StorableText
{
    /// <summary>
    /// The first unstorable character in a JSON tree (values and property names), or non-finite
    /// number; null when it has none.
    /// </summary>
    /// <param name="node">The JSON tree; null has nothing to find.</param>
    /// <returns>What and where the first problem is; null when the tree is storable.</returns>
    public static UnstorableText? Find(JsonNode? node)
    {
        // Every result and planned task passes here: the common, clean case allocates no path.
        if (IsClean(node)) return null;
        var found = new List<UnstorableText>(1);
        Scan(node, [], found, 1);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Up to <paramref name="limit"/> places <see cref="Find"/> would report, in document order.</summary>
    /// <param name="node">The JSON tree.</param>
    /// <param name="limit">The most places reported (default 20).</param>
    /// <returns>The places, in document order; empty when the tree is storable.</returns>
    public static IReadOnlyList<UnstorableText> FindAll(JsonNode? node, int limit = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var found = new List<UnstorableText>();
        Scan(node, [], found, limit);
        return found;
    }

    private static bool IsClean(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case null:
                    return true;
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                        if (!IsStorable(name) || !IsClean(value)) return false;
                    return true;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                        if (!IsClean(array[i])) return false;
                    return true;
                default:
                    return node.GetValueKind() switch
                    {
                        JsonValueKind.String => IsStorable(ReadString(node.AsValue())),
                        JsonValueKind.Number => NonFinite(node.AsValue()) is null,
                        _ => true,
                    };
            }
        }
        catch (InvalidOperationException)
        {
            return false; // undecodable: Scan says where
        }
    }

    /// <summary>One step of a path: a property name, or an array index when the name is null.</summary>
    private readonly record struct Step(string? Name, int Index);

    // The path is a stack of steps, formatted only when something is found: most trees are clean.
    private static void Scan(JsonNode? node, List<Step> path, List<UnstorableText> found, int limit)
    {
        switch (node)
        {
            case null:
                return;
            case JsonObject obj:
                try
                {
                    _ = obj.Count; // a lazily parsed object decodes its names here
                }
                catch (InvalidOperationException)
                {
                    found.Add(new(Format(path), "a lone UTF-16 surrogate", UnstorableTextPlace.UndecodablePropertyName));
                    return;
                }
                foreach (var (name, value) in obj)
                {
                    path.Add(new(name, -1));
                    var at = IndexOfUnstorable(name);
                    if (at >= 0) found.Add(new(Format(path), Describe(name[at]), UnstorableTextPlace.PropertyName));
                    if (found.Count < limit) Scan(value, path, found, limit);
                    path.RemoveAt(path.Count - 1);
                    if (found.Count >= limit) return;
                }
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count && found.Count < limit; i++)
                {
                    path.Add(new(null, i));
                    Scan(array[i], path, found, limit);
                    path.RemoveAt(path.Count - 1);
                }
                return;
            default:
                var kind = node.GetValueKind();
                if (kind == JsonValueKind.Number && NonFinite(node.AsValue()) is { } number)
                    found.Add(new(Format(path), $"a non-finite number ({number})", UnstorableTextPlace.Number));
                if (kind != JsonValueKind.String) return;
                string text;
                try
                {
                    text = ReadString(node.AsValue());
                }
                catch (InvalidOperationException)
                {
                    // Parsed from JSON text that escapes a lone surrogate: it cannot even be decoded.
                    found.Add(new(Format(path), "a lone UTF-16 surrogate", UnstorableTextPlace.Value));
                    return;
                }
                var bad = IndexOfUnstorable(text);
                if (bad >= 0) found.Add(new(Format(path), Describe(text[bad]), UnstorableTextPlace.Value));
                return;
        }
    }

    /// <summary>
    /// NaN or an infinity (held as a double or float, or parsed from text beyond a double's range,
    /// such as 1e400), spelled for people; null for a number JSON can write.
    /// </summary>
    private static string? NonFinite(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d)) return double.IsFinite(d) ? null : d.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<float>(out var f)) return float.IsFinite(f) ? null : f.ToString(CultureInfo.InvariantCulture);
        return null; // integers and decimals are always finite
    }

    /// <summary>The text of a string-kind value, whatever it holds: a string, a char, or a date or id that JSON writes as a string.</summary>
    private static string ReadString(JsonValue value)
    {
        if (value.TryGetValue<string>(out var text)) return text;
        if (value.TryGetValue<char>(out var character)) return character.ToString();
        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.GetString() ?? "";
    }

    private static string Format(List<Step> path)
    {
        var text = new StringBuilder();
        foreach (var step in path)
        {
            if (step.Name is null)
            {
                text.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                continue;
            }
            if (text.Length > 0) text.Append('.');
            text.Append(Escape(step.Name));
        }
        return text.ToString();
    }
}
