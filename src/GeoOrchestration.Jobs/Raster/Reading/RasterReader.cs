using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Reading;

/// <summary>
/// The one place a raster task decides how GDAL reads its source: a file where it is; a blob
/// downloaded to a temporary file in the worker's temporary folder, hashed on the way
/// (<see cref="BlobRasterDownload"/>). Reading blobs through GDAL's /vsiaz/ instead would change
/// only this method.
/// </summary>
public static class RasterReader
{
    /// <summary>The source's bytes on this machine; dispose it to remove a temporary copy.</summary>
    /// <param name="source">An absolute path, or a blob URL (az://, https://).</param>
    /// <param name="context">The task, whose id names the temporary copy (a retry removes a killed attempt's).</param>
    public static Task<LocalRaster> OpenAsync(string source, TaskContext context, CancellationToken cancellationToken) =>
        BlobLocation.IsBlob(source)
            ? BlobRasterDownload.OpenAsync(source, context.TaskId, context.Attempt, cancellationToken)
            : Task.FromResult(LocalRaster.OfFile(source));
}
