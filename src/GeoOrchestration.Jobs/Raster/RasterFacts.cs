using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Footprints;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// What a convert or describe task learnt about one raster, as its JSON result: every fact its STAC
/// Item is written from (<see cref="StacItem"/>), in the forms STAC wants (data types by the raster
/// extension's names, nodata NaN as "nan", the transform in STAC's order), plus what it cost.
/// </summary>
public sealed record RasterFacts
{
    public required string Source { get; init; }
    public required long SourceBytes { get; init; }
    /// <summary>The file the Item's asset points at: the COG, or the source itself for an inventory.</summary>
    public required string Asset { get; init; }
    public required long AssetBytes { get; init; }
    public required string Sha256 { get; init; }
    /// <summary>Where the Item's JSON goes.</summary>
    public required string ItemPath { get; init; }
    public required string ItemId { get; init; }
    public required GdalInfo Info { get; init; }
    /// <summary>Where it lies on Earth: its footprint, or why it has none (<c>no_footprint</c> in the result).</summary>
    public required Placement Placement { get; init; }
    public required DateTimeOffset ProcessedAt { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required GdalClock Gdal { get; init; }
    /// <summary>For a conversion: whether a complete, valid COG from an earlier attempt was kept instead of converting again.</summary>
    public bool? Reused { get; init; }

    public JsonObject ToJson()
    {
        var info = Info;
        var json = new JsonObject
        {
            ["source"] = Source,
            ["source_bytes"] = SourceBytes,
            ["asset"] = Asset,
            ["bytes"] = AssetBytes,
            ["sha256"] = Sha256,
            ["item_path"] = ItemPath,
            ["item_id"] = ItemId,
            ["driver"] = info.Driver,
            ["media_type"] = StacValues.MediaType(info.Driver, info.IsCog),
            ["is_cog"] = info.IsCog,
            // Checked against its own tile size: whatever it was made with, is it a COG a reader can rely on?
            ["cog_problems"] = new JsonArray(CogProblems(info).Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            ["compression"] = info.Compression,
            ["width"] = info.Width,
            ["height"] = info.Height,
            ["band_count"] = info.Bands.Count,
            ["epsg"] = info.Crs?.Epsg,
            // The WKT2 only where no EPSG code names the CRS: it is long, and the code says it all.
            ["wkt2"] = info.Crs is { Epsg: null } crs ? crs.Wkt2 : null,
            ["transform"] = info.GeoTransform is { } gt ? Numbers(gt.ToStac()) : null,
            ["native_bbox"] = info.GeoTransform is { } g ? Numbers(g.Bounds(info.Width, info.Height)) : null,
            ["bbox"] = Placement.Footprint is { } f ? Numbers(f.Bbox) : null,
            ["geometry"] = Placement.Footprint?.Geometry.DeepClone(),
            // Why geometry and bbox are null: the raster is converted and catalogued all the same.
            ["no_footprint"] = Placement.NoFootprintReason,
            ["bands"] = new JsonArray(info.Bands.Select(b => (JsonNode)Band(b)).ToArray()),
            ["datetime"] = info.Datetime is { } t ? StacValues.Time(t) : null,
            ["processed_at"] = StacValues.Time(ProcessedAt),
            ["compression_ratio"] = AssetBytes > 0 ? Math.Round((double)SourceBytes / AssetBytes, 4) : (double?)null,
            ["seconds"] = Math.Round(Elapsed.TotalSeconds, 4),
            ["gdal_seconds"] = Math.Round(Gdal.Elapsed.TotalSeconds, 4),
            ["gdal_runs"] = Gdal.Runs,
        };
        if (Reused is { } reused) json["reused"] = reused;
        return json;
    }

    private static IReadOnlyList<string> CogProblems(GdalInfo info) =>
        info.Bands.Count == 0 ? ["it has no bands"] : Cog.CogCheck.Problems(info, info.Bands[0].BlockWidth);

    private static JsonObject Band(GdalBand band)
    {
        var json = new JsonObject { ["data_type"] = StacValues.DataType(band.DataType) };
        if (band.NoData is { } nodata) json["nodata"] = StacValues.NoData(nodata);
        return json;
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
