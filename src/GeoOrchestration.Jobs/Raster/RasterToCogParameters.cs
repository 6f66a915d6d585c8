using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>The parameters of <c>raster_to_cog</c>.</summary>
public sealed class RasterToCogParameters : RasterParameters
{
    [Parameter("compression", Allowed = ["DEFLATE", "LZW", "ZSTD", "WEBP", "JPEG", "NONE"],
        Description = "How the COG's tiles are compressed (as this GDAL supports them; JPEG and WEBP need Byte bands). Default DEFLATE.")]
    public string Compression { get; init; } = "DEFLATE";

    [Parameter("overview_resampling", Allowed = ["NEAREST", "AVERAGE", "BILINEAR", "CUBIC", "CUBICSPLINE", "LANCZOS", "MODE", "RMS"],
        Description = "How overviews (and, with target_crs, the reprojected pixels) are resampled. Default NEAREST (right for categories; AVERAGE suits imagery).")]
    public string OverviewResampling { get; init; } = "NEAREST";

    [Parameter("blocksize", Minimum = 128, Maximum = 4096,
        Description = "Tile width and height in pixels, a power of two. Default 512.")]
    public int Blocksize { get; init; } = 512;

    [Parameter("target_crs", MinLength = 6, MaxLength = 16,
        Description = "Reproject to this CRS first (gdalwarp), as EPSG:<code>. Default: keep each raster's CRS.")]
    public string? TargetCrs { get; init; }

    [Parameter("overwrite", Description = "Replace an existing file at an output path that this job did not make. Default false (such a file fails its task).")]
    public bool Overwrite { get; init; }
}
