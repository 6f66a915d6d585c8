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

    public static byte[] Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            Write(writer, node);
        return buffer.ToArray();
    }

    public static string SerializeToString(JsonNode? node) => System.Text.Encoding.UTF8.GetString(Serialize(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
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

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: writer.WriteStringValue(value.GetValue<string>()); break;
            case JsonValueKind.True: writer.WriteBooleanValue(true); break;
            case JsonValueKind.False: writer.WriteBooleanValue(false); break;
            case JsonValueKind.Null: writer.WriteNullValue(); break;
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
