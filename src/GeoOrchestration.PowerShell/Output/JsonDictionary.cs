using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GeoOrchestration.PowerShell.Output;

/// <summary>
/// A JSON object as the cmdlets output it (job and task parameters, results): an ordered dictionary
/// whose text is its compact JSON. <c>Export-Csv</c>, <c>ConvertTo-Csv</c> and string expansion
/// write a value's <c>ToString()</c>, which for a plain <see cref="OrderedDictionary"/> is its type
/// name; this writes <c>{"count":3}</c>, which <c>ConvertFrom-Json</c> reads back.
/// </summary>
public sealed class JsonDictionary() : OrderedDictionary(StringComparer.OrdinalIgnoreCase)
{
    /// <summary>The entries as compact JSON, in their order (written from what the dictionary holds now).</summary>
    public override string ToString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, this);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (JsonValues.Unwrap(value))
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            case var other: writer.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
        }
    }
}
