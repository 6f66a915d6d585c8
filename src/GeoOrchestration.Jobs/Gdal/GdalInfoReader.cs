using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>Runs <c>gdalinfo -json</c> and reads its answer into a <see cref="GdalInfo"/>.</summary>
public static class GdalInfoReader
{
    // The CRS's own identifier is the last ID[...] of the WKT, closing the top-level node; IDs inside
    // name its parts (the base CRS, the method, each parameter).
    private static readonly Regex TopLevelEpsg = new(@"ID\[""EPSG"",(\d+)\]\]\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Describes the raster at <paramref name="path"/> (an absolute path, so it can never be read as
    /// an option). A file that is missing, not a raster or unreadable fails permanently with GDAL's message.
    /// </summary>
    public static async Task<GdalInfo> ReadAsync(GdalRunner runner, string path, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(GdalTools.Info, ["-json", "-mdd", "IMAGERY", path], path, cancellationToken);
        return Parse(run.StandardOutput, path);
    }

    /// <summary>Reads <c>gdalinfo -json</c> output; <paramref name="subject"/> names the raster in errors.</summary>
    /// <exception cref="FormatException">The text is not gdalinfo's JSON.</exception>
    public static GdalInfo Parse(string json, string subject)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException($"gdalinfo's description of {subject} is not the JSON expected: {e.Message}", e);
        }
        var size = root["size"] as JsonArray ?? throw new FormatException($"gdalinfo's description of {subject} has no size.");
        var metadata = root["metadata"] as JsonObject;
        var gcps = root["gcps"] as JsonObject;
        return new GdalInfo
        {
            Driver = root["driverShortName"]?.GetValue<string>() ?? "",
            Width = size[0]!.GetValue<int>(),
            Height = size[1]!.GetValue<int>(),
            Crs = CrsOf(root["coordinateSystem"], root["stac"]?["proj:epsg"]),
            GeoTransform = root["geoTransform"] is JsonArray gt ? GeoTransform.FromGdal(gt.Select(c => c!.GetValue<double>()).ToArray()) : null,
            GcpCount = (gcps?["gcpList"] as JsonArray)?.Count ?? 0,
            GcpCrs = CrsOf(gcps?["coordinateSystem"], null),
            Bands = (root["bands"] as JsonArray ?? []).Select(b => BandOf((JsonObject)b!)).ToList(),
            Wgs84Extent = RingOf(root["wgs84Extent"]),
            Metadata = DomainOf(metadata, ""),
            ImageStructure = DomainOf(metadata, "IMAGE_STRUCTURE"),
            Imagery = DomainOf(metadata, "IMAGERY"),
        };
    }

    private static RasterCrs? CrsOf(JsonNode? coordinateSystem, JsonNode? stacEpsg)
    {
        var wkt = coordinateSystem?["wkt"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(wkt)) return null;
        var match = TopLevelEpsg.Match(wkt);
        int? epsg = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : stacEpsg is JsonValue v && v.TryGetValue<int>(out var code) ? code : null;
        return new RasterCrs(epsg, wkt);
    }

    private static GdalBand BandOf(JsonObject band)
    {
        var block = band["block"] as JsonArray;
        var overviews = (band["overviews"] as JsonArray ?? [])
            .Select(o => o!["size"] as JsonArray)
            .Where(s => s is { Count: 2 })
            .Select(s => (s![0]!.GetValue<int>(), s[1]!.GetValue<int>()))
            .ToList();
        return new GdalBand(band["band"]!.GetValue<int>(), band["type"]?.GetValue<string>() ?? "Unknown",
            NoDataOf(band["noDataValue"]), block?[0]?.GetValue<int>() ?? 0, block?[1]?.GetValue<int>() ?? 0, overviews);
    }

    /// <summary>GDAL writes NaN and the infinities as strings ("NaN", "Infinity", "-Infinity"), which JSON numbers cannot hold.</summary>
    private static double? NoDataOf(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() switch
        {
            "NaN" or "nan" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            var text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : throw new FormatException($"Unexpected nodata value '{text}' from gdalinfo."),
        },
        _ => throw new FormatException($"Unexpected nodata value {node.ToJsonString()} from gdalinfo."),
    };

    private static IReadOnlyList<(double Lon, double Lat)>? RingOf(JsonNode? polygon)
    {
        if (polygon?["coordinates"] is not JsonArray { Count: > 0 } rings || rings[0] is not JsonArray { Count: > 0 } ring) return null;
        return ring.Select(p => (p![0]!.GetValue<double>(), p[1]!.GetValue<double>())).ToList();
    }

    private static IReadOnlyDictionary<string, string> DomainOf(JsonObject? metadata, string domain) =>
        metadata?[domain] is JsonObject items
            ? items.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
