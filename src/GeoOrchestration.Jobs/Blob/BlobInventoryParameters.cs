using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.Blob;

/// <summary>The parameters of <c>blob_inventory</c>.</summary>
public sealed class BlobInventoryParameters
{
    [Parameter("source", Required = true, MinLength = 1, MaxLength = Raster.RasterParameters.MaxPathLength,
        Description = "The blobs: az://CONTAINER[/PREFIX][/GLOB] or https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX][/GLOB]; credentials by environment.")]
    public string Source { get; init; } = "";

    // Default true, unlike a folder's: Blob Storage has no folders, only names with '/' in them, so
    // "the blobs under this prefix" means all of them unless asked otherwise.
    [Parameter("recursive", Description = "List the blobs below further '/' in their names too (blob \"folders\" are only name prefixes). Default true.")]
    public bool Recursive { get; init; } = true;

    [Parameter("raster_facts", Description = "Download each blob that looks like a raster (by name or content type) and record GDAL's facts of it: driver, size, bands, CRS, bbox, is_cog. Default true.")]
    public bool RasterFacts { get; init; } = true;

    [Parameter("max_failed_blobs", Minimum = 0, Maximum = 1_000_000,
        Description = "How many blobs may fail to be described (each listed in the job's result with the reason) while the job goes on; one more fails the job. Default 0.")]
    public int MaxFailedBlobs { get; init; }
}
