namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>The task types of the raster job types.</summary>
public static class RasterTaskTypes
{
    /// <summary>Lists a source's files (both job types' first stage).</summary>
    public const string List = "raster_list";
    /// <summary>Converts one raster to a COG (raster_to_cog's second stage).</summary>
    public const string Convert = "raster_cog_convert";
    /// <summary>Describes one raster as it is (raster_inventory's second stage).</summary>
    public const string Describe = "raster_describe";
    /// <summary>Writes the STAC catalogue (both job types' last stage).</summary>
    public const string Catalog = "raster_catalog";
}
