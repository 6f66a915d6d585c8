using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Parameters;

/// <summary>
/// One spelling for each JSON value, in the spirit of RFC 8785: object keys sorted ordinally,
/// no insignificant whitespace, numbers normalised (integral values as integers, others in the
/// shortest round-trip form), strings escaped only where JSON requires it.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Every planned task's parameters and every result pass through here, tens of thousands a
    // second: each thread keeps one buffer and writer instead of allocating them per document.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>A buffer that grew beyond this for one large document is not kept for the next.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    /// <summary>The canonical UTF-8 bytes of a JSON value: what job ids are hashed from.</summary>
    /// <param name="node">The value; null is JSON null.</param>
    /// <returns>The bytes, without a byte order mark.</returns>
    public static byte[] Serialize(JsonNode? node)
    {
        var bytes = Render(node).WrittenSpan.ToArray();
        Release();
        return bytes;
    }

    /// <summary>The canonical text of a JSON value.</summary>
    /// <param name="node">The value; null is JSON null.</param>
    /// <returns>The text.</returns>
    public static string SerializeToString(JsonNode? node)
    {
        var text = System.Text.Encoding.UTF8.GetString(Render(node).WrittenSpan);
        Release();
        return text;
    }

    private static ArrayBufferWriter<byte> Render(JsonNode? node)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        Write(writer, node);
        writer.Flush();
        return buffer;
    }

    private static void Release()
    {
        if (t_buffer is { Capacity: > KeptBufferBytes })
        {
            t_buffer = null;
            t_writer = null;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                // Most objects (those the engine wrote itself) are in order already: no sort then.
                if (InOrder(obj))
                {
                    foreach (var property in obj) WriteProperty(writer, property);
                }
                else
                {
                    foreach (var property in obj.OrderBy(p => p.Key, StringComparer.Ordinal)) WriteProperty(writer, property);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                WriteValue(writer, node.AsValue());
                break;
        }
    }

    private static void WriteProperty(Utf8JsonWriter writer, KeyValuePair<string, JsonNode?> property)
    {
        writer.WritePropertyName(property.Key);
        Write(writer, property.Value);
    }

    private static bool InOrder(JsonObject obj)
    {
        string? previous = null;
        foreach (var (key, _) in obj)
        {
            if (previous is not null && string.CompareOrdinal(previous, key) > 0) return false;
            previous = key;
        }
        return true;
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String when value.TryGetValue<string>(out var text): writer.WriteStringValue(text); break;
            // A date, id or char a handler put in its result: written as its own converter spells it.
            // (GetValue<string> would throw, and one such result would fail the batch it commits with.)
            case JsonValueKind.String: value.WriteTo(writer); break;
            case JsonValueKind.True: writer.WriteBooleanValue(true); break;
            case JsonValueKind.False: writer.WriteBooleanValue(false); break;
            case JsonValueKind.Null: writer.WriteNullValue(); break;
            // An integer (held as one, or parsed from integer text) has one spelling already.
            case JsonValueKind.Number when value.TryGetValue<int>(out var small): writer.WriteNumberValue(small); break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var large): writer.WriteNumberValue(large); break;
            case JsonValueKind.Number: writer.WriteRawValue(NormaliseNumber(value.ToJsonString()), skipInputValidation: true); break;
            default: throw new InvalidOperationException($"Unexpected JSON value kind {value.GetValueKind()}.");
        }
    }

    /// <summary>
    /// 1, 1.0, 1e0 and 10e-1 all become "1"; 0.5 and 5e-1 become "0.5". The decimal form is used
    /// only where it holds the value exactly as a double would; otherwise (1e-30, 17 significant
    /// digits) the shortest round-trip double form, so distinct values never share a spelling.
    /// </summary>
    internal static string NormaliseNumber(string text)
    {
        var x = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && (double)d == x && (d != 0 || x == 0))
        {
            if (d == decimal.Truncate(d)) return decimal.Truncate(d).ToString(CultureInfo.InvariantCulture);
            var trimmed = (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
            if (double.Parse(trimmed, CultureInfo.InvariantCulture) == x && decimal.Parse(trimmed, CultureInfo.InvariantCulture) == d) return trimmed;
        }
        return x == 0 ? "0" : x.ToString("R", CultureInfo.InvariantCulture);
    }
}
