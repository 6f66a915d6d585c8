using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Footprints;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Raster.Facts;

/// <summary>
/// What a convert or describe task saw of one raster, in the task: gdalinfo's whole answer, where
/// it lies, what it cost. <see cref="ToFacts"/> keeps of it what the later stages need, in the forms
/// STAC wants: the <see cref="RasterFacts"/> the task returns.
/// </summary>
public sealed record RasterObservation
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
    /// <summary>Where it lies on Earth: its footprint, or why it has none.</summary>
    public required Placement Placement { get; init; }
    public required DateTimeOffset ProcessedAt { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required GdalClock Gdal { get; init; }
    /// <summary>For a conversion: whether a complete, valid COG from an earlier attempt was kept instead of converting again.</summary>
    public bool? Reused { get; init; }

    /// <summary>
    /// The facts the task returns, durations rounded to 0.1 ms (times are cut to the second by
    /// <see cref="RasterFacts"/> itself): what a later stage reads back is equal, field for field.
    /// </summary>
    public RasterFacts ToFacts()
    {
        var info = Info;
        return new RasterFacts
        {
            Source = Source,
            SourceBytes = SourceBytes,
            Asset = Asset,
            AssetBytes = AssetBytes,
            Sha256 = Sha256,
            ItemPath = ItemPath,
            ItemId = ItemId,
            Driver = info.Driver,
            MediaType = StacValues.MediaType(info.Driver, info.IsCog),
            IsCog = info.IsCog,
            // Checked against its own tile size: whatever it was made with, is it a COG a reader can rely on?
            CogProblems = info.Bands.Count == 0 ? ["it has no bands"] : CogCheck.Problems(info, info.Bands[0].BlockWidth),
            Compression = info.Compression,
            Width = info.Width,
            Height = info.Height,
            Epsg = info.Crs?.Epsg,
            // The WKT2 only where no EPSG code names the CRS: it is long, and the code says it all.
            Wkt2 = info.Crs is { Epsg: null } crs ? crs.Wkt2 : null,
            Transform = info.GeoTransform?.ToStac(),
            NativeBbox = info.GeoTransform?.Bounds(info.Width, info.Height),
            Bbox = Placement.Footprint?.Bbox,
            Geometry = Placement.Footprint?.Geometry.DeepClone().AsObject(),
            NoFootprint = Placement.NoFootprintReason,
            Bands = info.Bands.Select(b => new RasterBandFacts(StacValues.DataType(b.DataType), b.NoData)).ToList(),
            Datetime = info.Datetime,
            ProcessedAt = ProcessedAt,
            Seconds = Math.Round(Elapsed.TotalSeconds, 4),
            GdalSeconds = Math.Round(Gdal.Elapsed.TotalSeconds, 4),
            GdalRuns = Gdal.Runs,
            GdalHostStarts = Gdal.HostStarts,
            Reused = Reused,
        };
    }
}
