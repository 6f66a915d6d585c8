namespace GeoOrchestration.StoreConformance.Rasters;

/// <summary>
/// Sets of test rasters several suites convert alike: the folder tests (IntegrationTests'
/// RasterToCogRunTests) and the blob tests (BlobStorageTests' Jobs), so both judge the same files.
/// </summary>
public static class RasterSets
{
    /// <summary>The varied set: projected, across the antimeridian, at a pole, nodata kinds, a CRS without EPSG code, GCPs, none, a COG already.</summary>
    public static async Task VariedAsync(string folder)
    {
        await TestRasters.Utm33Async(Path.Combine(folder, "utm33.tif"));
        await TestRasters.AntimeridianAsync(Path.Combine(folder, "antimeridian.tif"));
        await TestRasters.AntimeridianUtmAsync(Path.Combine(folder, "antimeridian_utm.tif"));
        await TestRasters.NorthPoleAsync(Path.Combine(folder, "north_pole.tif"));
        await TestRasters.NegativeNodataAsync(Path.Combine(folder, "negative_nodata.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(folder, "nan_nodata.tif"));
        await TestRasters.SinusoidalAsync(Path.Combine(folder, "sinusoidal.tif"));
        await TestRasters.RgbWithDatetimeAsync(Path.Combine(folder, "sub", "rgb.tif"));
        await TestRasters.GcpOnlyAsync(Path.Combine(folder, "gcp_only.tiff"));
        await TestRasters.UngeoreferencedAsync(Path.Combine(folder, "plain.tif"));
        await TestRasters.CogAsync(Path.Combine(folder, "already_cog.tif"));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not listed: a folder means its *.tif and *.tiff");
    }

    /// <summary>How many rasters <see cref="VariedAsync"/> makes.</summary>
    public const int VariedCount = 11;
}
