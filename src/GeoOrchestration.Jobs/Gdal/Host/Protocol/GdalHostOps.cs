namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>The operations a GDAL host answers (a request's <c>op</c>), and the fields each takes.</summary>
public static class GdalHostOps
{
    /// <summary><c>path</c>, <c>args</c>: GDALOpenEx + GDALInfo; result <see cref="GdalHostInfoResult"/> (what <c>gdalinfo</c> prints).</summary>
    public const string Info = "info";

    /// <summary><c>source</c>, <c>destination</c>, <c>args</c>: GDALTranslate, then GDALClose of the result; result empty.</summary>
    public const string Translate = "translate";

    /// <summary><c>source</c>, <c>destination</c>, <c>args</c>: GDALWarp into a new destination, then GDALClose; result empty.</summary>
    public const string Warp = "warp";

    /// <summary><c>path</c>, <c>target_srs</c>, <c>points</c>: pixel/line to the target CRS as gdaltransform; result <see cref="GdalHostTransformResult"/>.</summary>
    public const string Transform = "transform";

    /// <summary><c>driver</c>: the driver's DMD_CREATIONOPTIONLIST; result <see cref="GdalHostCreationOptionsResult"/>.</summary>
    public const string CreationOptions = "creation_options";

    /// <summary><c>text</c>: OSRSetFromUserInput; result <see cref="GdalHostSrsResult"/>, or ok=false with GDAL's reason.</summary>
    public const string Srs = "srs";

    /// <summary>Every operation, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Info, Translate, Warp, Transform, CreationOptions, Srs];

    /// <summary>The C function each operation runs, for messages (a failure names it as the tools' name did).</summary>
    public static string FunctionOf(string op) => op switch
    {
        Info => "GDALInfo",
        Translate => "GDALTranslate",
        Warp => "GDALWarp",
        Transform => "GDALGenImgProjTransform",
        CreationOptions => "GDALGetMetadataItem",
        Srs => "OSRSetFromUserInput",
        _ => op,
    };
}
