using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Store;

/// <summary>
/// The rule every store holds for text: no NUL character (U+0000) and no lone UTF-16 surrogate,
/// in any string or anywhere in a JSON tree (values and property names). PostgreSQL's <c>text</c>
/// and <c>jsonb</c> refuse NUL (22021, 22P05); a lone surrogate has no UTF-8 form at all (Npgsql
/// refuses to encode it, a JSON writer silently turns it into U+FFFD). The engine applies the rule
/// before it calls a store, so every store, and the conformance suite, hold the same one.
/// </summary>
/// <remarks>
/// What the engine does about such text depends on where it comes from: input (job parameters, a
/// cancel reason, a filter) is refused with <see cref="Require"/> before anything is written; data
/// that code produces (a handler's result, a planner's task parameters, a summary) is found with
/// <see cref="Find(JsonNode?)"/> and fails its task or job with the reason; diagnostic free text
/// (exception messages, progress, reasons built from them) is stored with <see cref="Escape"/>.
/// </remarks>
public static class StorableText
{
    /// <summary>The rule name that validation errors about such text carry.</summary>
    public const string Rule = "storable_text";

    // NUL and every surrogate: a vectorised search finds candidates, a pair check settles them.
    private static readonly SearchValues<char> Suspects =
        SearchValues.Create("\0" + new string(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray()));

    /// <summary>The index of the first NUL or lone surrogate in <paramref name="text"/>; -1 when it has none.</summary>
    public static int IndexOfUnstorable(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (true)
        {
            var found = text[start..].IndexOfAny(Suspects);
            if (found < 0) return -1;
            var at = start + found;
            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1])) return at;
            start = at + 2; // a valid pair: a character outside the BMP, which every store holds
        }
    }

    /// <summary>Whether a store can hold <paramref name="text"/>.</summary>
    public static bool IsStorable(ReadOnlySpan<char> text) => IndexOfUnstorable(text) < 0;

    /// <summary>Names an unstorable character for people: "a NUL character (U+0000)", "a lone UTF-16 surrogate (U+D800)".</summary>
    public static string Describe(char character) =>
        character == '\0' ? "a NUL character (U+0000)" : $"a lone UTF-16 surrogate (U+{(int)character:X4})";

    /// <summary>
    /// Refuses input a store cannot hold, as validation: a <see cref="GeoValidationException"/> naming
    /// <paramref name="field"/> and the rule <see cref="Rule"/>. Null is fine.
    /// </summary>
    public static void Require(string field, string? text)
    {
        if (text is null) return;
        var at = IndexOfUnstorable(text);
        if (at >= 0)
            throw new GeoValidationException(field, Rule,
                $"'{field}' holds {Describe(text[at])} at position {at}, which cannot be stored; remove it.");
    }

    /// <summary>
    /// Diagnostic text made storable without losing what it says: NUL becomes the six characters
    /// <c>\u0000</c> and a lone surrogate <c>\udXXX</c> (lowercase hex), as JSON escapes them.
    /// Returns the same instance when there is nothing to escape.
    /// </summary>
    /// <remarks>
    /// A backslash already in the text is left as it is, so a message that itself says <c>\u0000</c>
    /// reads the same as one that held a NUL. This text is for people diagnosing a failure, where
    /// that ambiguity costs nothing, whereas escaping every backslash would garble every Windows
    /// path and regular expression in every stored error message.
    /// </remarks>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Escape(string? text)
    {
        if (text is null) return null;
        var first = IndexOfUnstorable(text);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                escaped.Append(c).Append(text[++i]);
            else if (c == '\0' || char.IsSurrogate(c))
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> characters without
    /// splitting a surrogate pair, which would leave a lone surrogate at the end.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength) return text;
        var cut = maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut];
    }

    /// <summary>The first unstorable character in a JSON tree (values and property names), or null when it has none.</summary>
    public static UnstorableText? Find(JsonNode? node)
    {
        // Every result and planned task passes here: the common, clean case allocates no path.
        if (IsClean(node)) return null;
        var found = new List<UnstorableText>(1);
        Scan(node, [], found, 1);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Up to <paramref name="limit"/> unstorable characters in a JSON tree, in document order.</summary>
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
                    return node.GetValueKind() != JsonValueKind.String || IsStorable(ReadString(node.AsValue()));
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
                if (node.GetValueKind() != JsonValueKind.String) return;
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
