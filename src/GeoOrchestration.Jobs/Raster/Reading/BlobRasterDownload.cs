using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Reading;

/// <summary>
/// Downloads a source blob to a temporary file for GDAL with <see cref="BlobTransfer.DownloadAsync"/>, which hashes
/// it on the way: SHA-256 for the facts (STAC's <c>file:checksum</c>), and MD5 checked against the blob's Content-MD5
/// when it has one, so a copy damaged in transit fails the attempt (transient: the next one downloads again) instead
/// of being converted. One streamed read of the blob; the copy is named after the task (<see cref="TaskScratch"/>),
/// and so is the partial file beside it, so an attempt killed mid-download leaves files the retry removes.
/// </summary>
public static class BlobRasterDownload
{
    /// <summary>The blob <paramref name="url"/> names, copied into the worker's temporary folder.</summary>
    /// <exception cref="PermanentTaskException">The URL names no blob, or the blob or its container is missing, or access is refused.</exception>
    /// <exception cref="TransientTaskException">The service or the network failed after the client's retries, or the bytes do not match the blob's Content-MD5.</exception>
    public static async Task<LocalRaster> OpenAsync(string url, string taskId, int attempt, CancellationToken cancellationToken)
    {
        var location = RasterBlobPaths.Parse(url, "source");
        var blobName = location.BlobName ?? throw new PermanentTaskException($"'{url}' names no blob (a container, a prefix or a glob); a task reads one blob.");
        var temporary = TaskScratch.Take(taskId, "source", Path.GetExtension(blobName), attempt);
        try
        {
            var downloaded = await new BlobTransfer().DownloadAsync(location, blobName, temporary, cancellationToken);
            return LocalRaster.OfCopy(location.UrlOf(blobName).AbsoluteUri, temporary, downloaded.Entry.Bytes, downloaded.Entry.LastModified, downloaded.Sha256);
        }
        catch
        {
            TemporaryFiles.RemoveWithSidecars(temporary);
            throw;
        }
    }
}
