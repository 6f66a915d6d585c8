using System.Globalization;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>How raster facts are spelled in STAC 1.0.0 and its extensions.</summary>
public static class StacValues
{
    public const string Version = "1.0.0";
    public const string ProjectionExtension = "https://stac-extensions.github.io/projection/v1.1.0/schema.json";
    public const string RasterExtension = "https://stac-extensions.github.io/raster/v1.1.0/schema.json";
    public const string FileExtension = "https://stac-extensions.github.io/file/v2.1.0/schema.json";

    public const string CogMediaType = "image/tiff; application=geotiff; profile=cloud-optimized";
    public const string GeoTiffMediaType = "image/tiff; application=geotiff";
    public const string JsonMediaType = "application/json";
    public const string GeoJsonMediaType = "application/geo+json";

    /// <summary>The raster extension's <c>data_type</c> for a GDAL pixel type; "other" for one it has no name for.</summary>
    public static string DataType(string gdalType) => gdalType switch
    {
        "Byte" => "uint8",
        "Int8" => "int8",
        "UInt16" => "uint16",
        "Int16" => "int16",
        "UInt32" => "uint32",
        "Int32" => "int32",
        "UInt64" => "uint64",
        "Int64" => "int64",
        "Float32" => "float32",
        "Float64" => "float64",
        "CInt16" => "cint16",
        "CInt32" => "cint32",
        "CFloat32" => "cfloat32",
        "CFloat64" => "cfloat64",
        _ => "other",
    };

    /// <summary>
    /// A nodata value as the raster extension's schema allows it: a number, or the strings "nan",
    /// "inf" and "-inf" (which JSON numbers cannot hold).
    /// </summary>
    public static JsonNode NoData(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => JsonValue.Create(value),
    };

    /// <summary>The media type of an asset GDAL read with <paramref name="driver"/>; null when there is no registered one.</summary>
    public static string? MediaType(string driver, bool isCog) => driver switch
    {
        "GTiff" or "COG" => isCog ? CogMediaType : GeoTiffMediaType,
        "JP2OpenJPEG" or "JPEG2000" => "image/jp2",
        "PNG" => "image/png",
        "JPEG" => "image/jpeg",
        _ => null,
    };

    /// <summary>An RFC 3339 UTC time, to the second: 2021-03-04T05:06:07Z.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, cut to the second: what <see cref="Time"/> writes, so that it reads back equal.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary><c>file:checksum</c>: a multihash in hex, SHA2-256 (code 0x12) of 32 bytes (0x20), then the digest.</summary>
    public static string Checksum(string sha256Hex) => "1220" + sha256Hex;
}
