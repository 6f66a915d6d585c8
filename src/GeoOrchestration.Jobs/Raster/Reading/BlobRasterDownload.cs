using System.Security.Cryptography;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Reading;

/// <summary>
/// Downloads a source blob to a temporary file for GDAL, hashing it on the way: SHA-256 for the
/// facts (STAC's <c>file:checksum</c>), and MD5 checked against the blob's Content-MD5 when it has
/// one, so a copy damaged in transit fails the attempt (transient: the next one downloads again)
/// instead of being converted. One streamed read of the blob; the copy is named after the task
/// (<see cref="TaskScratch"/>), so an attempt killed mid-download leaves a file the retry removes.
/// </summary>
public static class BlobRasterDownload
{
    private const int BufferBytes = 1 << 20;

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
            var blob = BlobStorage.Default.ContainerFor(location).GetBlobClient(blobName);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long bytes;
            DateTimeOffset lastModified;
            string? contentMd5;
            try
            {
                using var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
                lastModified = download.Details.LastModified;
                contentMd5 = download.Details.BlobContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null;
                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous);
                var buffer = new byte[BufferBytes];
                bytes = 0;
                int read;
                while ((read = await download.Content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha256.AppendData(buffer, 0, read);
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                }
            }
            catch (Exception e) when (BlobFailures.IsBlobFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                throw BlobFailures.Map(e, location, blobName, "download");
            }
            if (contentMd5 is not null && Convert.ToBase64String(md5.GetHashAndReset()) != contentMd5)
                throw new TransientTaskException($"Blob Storage: the {bytes} bytes downloaded of '{url}' do not match its Content-MD5; downloading again.");
            return LocalRaster.OfCopy(location.UrlOf(blobName).AbsoluteUri, temporary, bytes, lastModified,
                Convert.ToHexString(sha256.GetHashAndReset()).ToLowerInvariant());
        }
        catch
        {
            TemporaryFiles.RemoveWithSidecars(temporary);
            throw;
        }
    }
}
