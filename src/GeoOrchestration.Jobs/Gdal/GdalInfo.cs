namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// What <c>gdalinfo -json</c> says about one raster, typed (<see cref="GdalInfoReader"/> reads it).
/// </summary>
public sealed record GdalInfo
{
    /// <summary>GDAL's short driver name: GTiff, COG is still GTiff when read, VRT, AAIGrid, ...</summary>
    public required string Driver { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>The CRS of the geotransform; null when the raster has none (no georeferencing, or GCPs only).</summary>
    public RasterCrs? Crs { get; init; }

    /// <summary>The affine georeferencing; null when the raster has none (GCPs only, or no georeferencing).</summary>
    public GeoTransform? GeoTransform { get; init; }

    /// <summary>How many ground control points georeference the raster (0 when none).</summary>
    public int GcpCount { get; init; }

    /// <summary>The CRS the GCPs are given in; null without GCPs.</summary>
    public RasterCrs? GcpCrs { get; init; }

    public required IReadOnlyList<GdalBand> Bands { get; init; }

    /// <summary>
    /// GDAL's <c>wgs84Extent</c>: the four corners transformed to longitude/latitude, as one ring.
    /// Null without georeferencing. GDAL 3.6 neither densifies it nor splits it at the antimeridian,
    /// and a raster around a pole gets a ring that misses the pole: a hint, not a footprint.
    /// </summary>
    public IReadOnlyList<(double Lon, double Lat)>? Wgs84Extent { get; init; }

    /// <summary>The default metadata domain (TIFFTAG_DATETIME, AREA_OR_POINT, ...).</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>The IMAGE_STRUCTURE domain (LAYOUT, COMPRESSION, INTERLEAVE).</summary>
    public required IReadOnlyDictionary<string, string> ImageStructure { get; init; }

    /// <summary>The IMAGERY domain (ACQUISITIONDATETIME, CLOUDCOVER) where a driver fills it.</summary>
    public required IReadOnlyDictionary<string, string> Imagery { get; init; }

    /// <summary>Whether GDAL reports the Cloud-Optimized GeoTIFF layout (<c>LAYOUT=COG</c> in IMAGE_STRUCTURE).</summary>
    public bool IsCog => ImageStructure.TryGetValue("LAYOUT", out var layout) && string.Equals(layout, "COG", StringComparison.OrdinalIgnoreCase);

    /// <summary>The compression GDAL reports (DEFLATE, LZW, ...); null when uncompressed.</summary>
    public string? Compression => ImageStructure.TryGetValue("COMPRESSION", out var c) ? c : null;

    /// <summary>Whether the raster is georeferenced at all (a geotransform, or GCPs).</summary>
    public bool IsGeoreferenced => GeoTransform is not null || GcpCount > 0;

    /// <summary>When the raster says it was acquired or made (<see cref="RasterDatetime"/>); null when it does not say.</summary>
    public DateTimeOffset? Datetime => RasterDatetime.From(this);
}
