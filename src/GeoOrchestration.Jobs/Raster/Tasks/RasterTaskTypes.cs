namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>The task types of the raster job types.</summary>
public static class RasterTaskTypes
{
    /// <summary>Lists a source's page bounds (the raster job types' first stage).</summary>
    public const string List = "raster_list";
    /// <summary>Lists one page of a source's files (the raster job types' second stage, <c>listing</c>).</summary>
    public const string Page = "raster_page";
    /// <summary>Converts one raster to a COG (raster_to_cog's third stage).</summary>
    public const string Convert = "raster_cog_convert";
    /// <summary>Describes one raster as it is (raster_inventory's third stage).</summary>
    public const string Describe = "raster_describe";
    /// <summary>Writes the STAC catalogue (both job types' last stage).</summary>
    public const string Catalog = "raster_catalog";
}
