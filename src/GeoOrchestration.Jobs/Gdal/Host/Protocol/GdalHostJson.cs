using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>
/// How the host and the worker write the protocol: UTF-8 JSON, one object per line, names in
/// snake_case, nulls left out. Both sides serialize the records of this folder with these options.
/// </summary>
public static class GdalHostJson
{
    /// <summary>The serializer options of the protocol.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A line is one object, so never indented. Newlines inside strings are always escaped; quotes
        // and markup characters need not be (this is a pipe between two programs, not a web page), which
        // keeps gdalinfo's JSON and the creation option XML readable in a host's log.
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One protocol line (no newline) for <paramref name="value"/>.</summary>
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads one protocol line; throws <see cref="JsonException"/> when it is not the expected object.</summary>
    public static T Read<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options) ?? throw new JsonException("The line is JSON null, not an object.");

    /// <summary>UTF-8 without a byte-order mark, as both sides write.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
