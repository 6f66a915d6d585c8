namespace GeoOrchestration.Jobs.Gdal;

/// <summary>The names of the GDAL command-line tools the raster job types run (Debian package gdal-bin).</summary>
public static class GdalTools
{
    public const string Info = "gdalinfo";
    public const string Translate = "gdal_translate";
    public const string Warp = "gdalwarp";
    public const string Transform = "gdaltransform";
    public const string SrsInfo = "gdalsrsinfo";
}
