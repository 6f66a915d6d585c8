using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Raster.Facts;

/// <summary>
/// What a convert or describe task learnt about one raster: its result, which the catalogue task
/// reads back to write the raster's STAC Item (<see cref="StacItem"/>) and the job's end to sum up
/// (<see cref="RasterSummary"/>). Every value is in the form STAC wants (data types by the raster
/// extension's names, the transform in STAC's order, times in UTC to the second), so the Item is
/// written from these facts alone. Stored as one flat JSON object with snake_case names
/// (<see cref="RasterFactsJson"/>), the shape results had when they were written key by key, so a
/// job that was running when this changed still reads its first stages' results.
/// </summary>
public sealed record RasterFacts
{
    /// <summary>The raster's absolute path.</summary>
    public required string Source { get; init; }
    /// <summary>The raster's size, in bytes.</summary>
    public required long SourceBytes { get; init; }
    /// <summary>The file the Item's asset points at: the COG, or the source itself for an inventory.</summary>
    public required string Asset { get; init; }
    /// <summary>The asset's size, in bytes.</summary>
    [JsonPropertyName("bytes")]
    public required long AssetBytes { get; init; }
    /// <summary>The asset's SHA-256, lowercase hex.</summary>
    public required string Sha256 { get; init; }
    /// <summary>Where the Item's JSON goes.</summary>
    public required string ItemPath { get; init; }
    /// <summary>The Item's id, unique in the catalogue.</summary>
    public required string ItemId { get; init; }
    /// <summary>GDAL's short name of the driver that read the asset (GTiff, AAIGrid, ...).</summary>
    public required string Driver { get; init; }
    /// <summary>The asset's media type; null when it has no registered one.</summary>
    public required string? MediaType { get; init; }
    /// <summary>Whether GDAL reports the COG layout.</summary>
    public required bool IsCog { get; init; }
    /// <summary>Why the asset is not a COG a reader can rely on; empty when it is one.</summary>
    public required IReadOnlyList<string> CogProblems { get; init; }
    /// <summary>The compression GDAL reports (DEFLATE, LZW, ...); null when uncompressed.</summary>
    public required string? Compression { get; init; }
    /// <summary>Pixels across.</summary>
    public required int Width { get; init; }
    /// <summary>Pixels down.</summary>
    public required int Height { get; init; }
    /// <summary>The number of bands (stored for readers of the result; read back from <see cref="Bands"/>).</summary>
    public int BandCount => Bands.Count;
    /// <summary>The EPSG code of the raster's CRS; null when it has none or no code names it.</summary>
    public required int? Epsg { get; init; }
    /// <summary>The CRS as WKT2, only where no EPSG code names it; else null.</summary>
    public required string? Wkt2 { get; init; }
    /// <summary>STAC's <c>proj:transform</c> (a, b, c, d, e, f); null without a geotransform.</summary>
    public required double[]? Transform { get; init; }
    /// <summary>STAC's <c>proj:bbox</c>: [minX, minY, maxX, maxY] in the raster's CRS; null without a geotransform.</summary>
    public required double[]? NativeBbox { get; init; }
    /// <summary>[west, south, east, north] in WGS84; null when the raster has no footprint.</summary>
    public required double[]? Bbox { get; init; }
    /// <summary>The footprint, a GeoJSON Polygon or MultiPolygon; null when the raster has none.</summary>
    public required JsonObject? Geometry { get; init; }
    /// <summary>Why <see cref="Geometry"/> and <see cref="Bbox"/> are null, in a sentence; null when they are not.</summary>
    public required string? NoFootprint { get; init; }
    /// <summary>Each band's pixel type and nodata, in band order.</summary>
    public required IReadOnlyList<RasterBandFacts> Bands { get; init; }
    /// <summary>When the raster says it was acquired or made, in UTC, cut to the second as stored; null when it does not say.</summary>
    [JsonConverter(typeof(StacTimeConverter))]
    public required DateTimeOffset? Datetime { get => _datetime; init => _datetime = value is { } t ? StacValues.ToSecond(t) : null; }
    private readonly DateTimeOffset? _datetime;
    /// <summary>When the task read the raster, in UTC, cut to the second as stored.</summary>
    [JsonConverter(typeof(StacTimeConverter))]
    public required DateTimeOffset ProcessedAt { get => _processedAt; init => _processedAt = StacValues.ToSecond(value); }
    private readonly DateTimeOffset _processedAt;
    /// <summary>Source bytes per asset byte, to 4 decimals; null for an empty asset (stored for readers of the result).</summary>
    public double? CompressionRatio => AssetBytes > 0 ? Math.Round((double)SourceBytes / AssetBytes, 4) : null;
    /// <summary>How long the task took, in seconds (to 0.1 ms).</summary>
    public required double Seconds { get; init; }
    /// <summary>How much of it was spent in GDAL (round trips to its GDAL host), in seconds (to 0.1 ms).</summary>
    public required double GdalSeconds { get; init; }
    /// <summary>
    /// How many GDAL calls the task made, each one request to its GDAL host (3 for a conversion: the
    /// COG, the COG's header, the footprint, plus the warp when reprojecting; 2 when an earlier COG
    /// is kept: its header, the footprint). The name is from when each call was a tool process.
    /// </summary>
    public required int GdalRuns { get; init; }
    /// <summary>
    /// How many GDAL host processes the task started: 0 when it reused an idle host, 1 when it
    /// started one, more when a host died during a call. Absent from results stored before it was counted.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? GdalHostStarts { get; init; }
    /// <summary>For a conversion: whether a complete, valid COG from an earlier attempt was kept; absent for an inventory.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Reused { get; init; }

    /// <summary>The facts as the task's JSON result.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, RasterFactsJson.Default.RasterFacts)!.AsObject();

    /// <summary>
    /// The facts a convert or describe task returned, read back whole.
    /// </summary>
    /// <exception cref="ContractViolationException">The result is not raster facts (a field missing or of the wrong type), naming the task.</exception>
    public static RasterFacts From(StageResult result)
    {
        try
        {
            return result.Result?.Deserialize(RasterFactsJson.Default.RasterFacts)
                ?? throw new JsonException("It is null.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ContractViolationException(
                $"Expected the result of task {result.TaskId} (stage {result.Stage}) to be a raster's facts; {e.Message}", e);
        }
    }
}
