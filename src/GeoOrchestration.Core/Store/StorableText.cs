using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
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
public static partial class StorableText
{
    /// <summary>The rule name that validation errors about such text carry.</summary>
    public const string Rule = "storable_text";

    // NUL and every surrogate: a vectorised search finds candidates, a pair check settles them.
    private static readonly SearchValues<char> Suspects =
        SearchValues.Create("\0" + new string(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray()));

    /// <summary>The index of the first NUL or lone surrogate in <paramref name="text"/>; -1 when it has none.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The index, from 0; -1 when the text is storable.</returns>
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
    /// <param name="text">The text.</param>
    /// <returns>True when it has no NUL and no lone surrogate.</returns>
    public static bool IsStorable(ReadOnlySpan<char> text) => IndexOfUnstorable(text) < 0;

    /// <summary>Names an unstorable character for people: "a NUL character (U+0000)", "a lone UTF-16 surrogate (U+D800)".</summary>
    /// <param name="character">A NUL or a lone surrogate.</param>
    /// <returns>The phrase.</returns>
    public static string Describe(char character) =>
        character == '\0' ? "a NUL character (U+0000)" : $"a lone UTF-16 surrogate (U+{(int)character:X4})";

    /// <summary>
    /// Refuses input a store cannot hold, as validation: a <see cref="GeoValidationException"/> naming
    /// <paramref name="field"/> and the rule <see cref="Rule"/>. Null is fine.
    /// </summary>
    /// <param name="field">The field the refusal names.</param>
    /// <param name="text">The input; null is storable.</param>
    /// <exception cref="GeoValidationException">The text holds a NUL or a lone surrogate (rule <see cref="Rule"/>).</exception>
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
    /// <param name="text">Diagnostic text; null stays null.</param>
    /// <returns>The text with each NUL and lone surrogate escaped.</returns>
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
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The most characters kept, 0 or more.</param>
    /// <returns>The text, or its longest prefix within the limit that ends on a whole character.</returns>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength) return text;
        var cut = maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut];
    }
}
