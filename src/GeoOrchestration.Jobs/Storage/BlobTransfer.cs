using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Moves blobs to and from local files. Failures are the engine's (<see cref="BlobFailures"/>): permanent for a
/// missing container or blob, refused credentials or permission; transient for a busy or unreachable service after
/// the client's retries, and for a transfer that did not verify.
/// </summary>
public sealed class BlobTransfer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly BlobStorage _storage;

    /// <summary>Transfers over <paramref name="storage"/> (default <see cref="BlobStorage.Default"/>).</summary>
    public BlobTransfer(BlobStorage? storage = null) => _storage = storage ?? BlobStorage.Default;

    /// <summary>
    /// Downloads a blob to <paramref name="localPath"/> (replaced), through a temporary file beside it
    /// (<c>LOCALPATH.GUID.part</c>, removed on failure), hashing the bytes with MD5 and SHA-256 as they are written (one
    /// pass, nothing read back) and checking the MD5 against the blob's stored Content-MD5 when it has one.
    /// </summary>
    /// <returns>
    /// The blob as it was downloaded (one version: a blob replaced meanwhile makes the SDK's resumed reads fail, not mix)
    /// and the hashes of the bytes written.
    /// </returns>
    /// <exception cref="PermanentTaskException">Blob or container missing, credentials refused, no permission.</exception>
    /// <exception cref="TransientTaskException">Service busy or unreachable after retries; the bytes did not match the stored MD5.</exception>
    public async Task<DownloadedBlob> DownloadAsync(BlobLocation location, string blobName, string localPath, CancellationToken cancellationToken)
    {
        var blob = _storage.ContainerFor(location).GetBlobClient(blobName);
        var partial = $"{localPath}.{Guid.NewGuid():N}.part";
        try
        {
            BlobEntry entry;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            // Opened before the service is asked: a local folder that cannot be written fails as itself, not as the service.
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                try
                {
                    using var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
                    var details = download.Details;
                    entry = new BlobEntry(blobName, details.ContentLength, details.ContentType, details.LastModified,
                        details.BlobContentHash is { Length: > 0 } stored ? Convert.ToBase64String(stored) : null,
                        details.ETag.ToString("H"), new Dictionary<string, string>(details.Metadata));
                    // The hashes are of the buffer handed to the file, so they cover what was written, not a second read of it.
                    var buffer = new byte[1 << 20];
                    int read;
                    while ((read = await download.Content.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        md5.AppendData(buffer, 0, read);
                        sha256.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsBlobFailure(e))
                {
                    throw BlobFailures.Map(e, location, blobName, "download");
                }
            }
            var written = Convert.ToBase64String(md5.GetHashAndReset());
            if (entry.ContentMd5 is { } expected && expected != written)
                throw new TransientTaskException($"Blob Storage: download of '{blobName}' from container '{location.Container}' did not verify: its MD5 differs from the blob's stored Content-MD5.");
            File.Move(partial, localPath, overwrite: true);
            return new DownloadedBlob(entry, written, Convert.ToHexString(sha256.GetHashAndReset()).ToLowerInvariant());
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A blob's properties and metadata; null when the blob does not exist.</summary>
    /// <exception cref="PermanentTaskException">Container missing, credentials refused, no permission.</exception>
    /// <exception cref="TransientTaskException">Service busy or unreachable after retries.</exception>
    public async Task<BlobEntry?> GetAsync(BlobLocation location, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await _storage.ContainerFor(location).GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return ToEntry(blobName, properties);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsBlobFailure(e))
        {
            throw BlobFailures.Map(e, location, blobName, "reading the properties");
        }
    }

    /// <summary>
    /// Uploads <paramref name="localFile"/> as block blob <paramref name="blobName"/>, visible only once complete and
    /// verified: each block is staged with Put Block and its transactional MD5 (the service refuses a block whose bytes
    /// arrive changed); the uncommitted block list is then checked to hold this attempt's blocks at their sizes,
    /// adding up to the file; then one Put Block List commits them with <paramref name="contentType"/>, the whole
    /// file's Content-MD5 and <paramref name="metadata"/>, and the committed blob's length and MD5 are read back.
    /// Until the commit nothing is visible under the name (staged blocks are Blob Storage's own temporary state, dropped
    /// after a week when never committed), so a killed attempt leaves no blob, or leaves the earlier one untouched.
    /// </summary>
    /// <param name="attemptTag">Names this attempt's blocks (a task id and attempt): a retry stages and commits only its own.</param>
    /// <returns>The committed blob.</returns>
    /// <exception cref="PermanentTaskException">Container missing, credentials refused, no permission to write.</exception>
    /// <exception cref="TransientTaskException">
    /// Service busy or unreachable after retries; the staged blocks did not verify (another attempt's commit on the same
    /// name discards every uncommitted block: retrying finds its blob).
    /// </exception>
    public async Task<BlobEntry> UploadCommittedAsync(BlobLocation location, string blobName, string localFile, string contentType,
        IReadOnlyDictionary<string, string> metadata, string attemptTag, CancellationToken cancellationToken)
    {
        var blob = _storage.ContainerFor(location).GetBlockBlobClient(blobName);
        var blockBytes = _storage.Options.BlockBytes;
        // Opened before the service is asked: a missing or unreadable local file fails as itself, not as the service.
        var file = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            var ids = new List<string>();
            long length;
            byte[] fileMd5;
            using (var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            await using (file)
            {
                length = file.Length;
                var buffer = new byte[(int)Math.Min(blockBytes, Math.Max(length, 1))];
                for (var index = 0; ; index++)
                {
                    var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                    if (read == 0) break;
                    whole.AppendData(buffer, 0, read);
                    var id = BlockIds.For(attemptTag, index);
                    await blob.StageBlockAsync(id, new MemoryStream(buffer, 0, read, writable: false), new BlockBlobStageBlockOptions
                    {
                        TransferValidation = new UploadTransferValidationOptions
                        {
                            ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
                            PrecalculatedChecksum = MD5.HashData(buffer.AsSpan(0, read)),
                        },
                    }, cancellationToken);
                    ids.Add(id);
                    if (read < buffer.Length) break;
                }
                fileMd5 = whole.GetHashAndReset();
            }

            var headers = new BlobHttpHeaders { ContentType = contentType, ContentHash = fileMd5 };
            if (ids.Count == 0)
                // An empty file: one Put Blob of no bytes is as whole-or-nothing as a commit (Azurite refuses an empty block list).
                await blob.UploadAsync(Stream.Null, new BlobUploadOptions { HttpHeaders = headers, Metadata = new Dictionary<string, string>(metadata) }, cancellationToken);
            else
            {
                await VerifyStagedAsync(blob, location, blobName, ids, length, blockBytes, cancellationToken);
                await blob.CommitBlockListAsync(ids, new CommitBlockListOptions { HttpHeaders = headers, Metadata = new Dictionary<string, string>(metadata) }, cancellationToken);
            }
            var committed = ToEntry(blobName, (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value);
            if (committed.Bytes != length || committed.ContentMd5 != Convert.ToBase64String(fileMd5))
                throw new TransientTaskException($"Blob Storage: upload of '{blobName}' to container '{location.Container}' did not verify: " +
                    $"the committed blob has {committed.Bytes} bytes and MD5 {committed.ContentMd5 ?? "none"}, the file {length} bytes (another writer replaced it?).");
            return committed;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsBlobFailure(e))
        {
            throw BlobFailures.Map(e, location, blobName, "upload");
        }
    }

    /// <summary>Writes a small document (a STAC file) with one Put Blob, replacing any blob of that name.</summary>
    /// <exception cref="PermanentTaskException">Container missing, credentials refused, no permission to write.</exception>
    /// <exception cref="TransientTaskException">Service busy or unreachable after retries.</exception>
    public async Task WriteJsonAsync(BlobLocation location, string blobName, JsonNode document, string contentType, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString(Indented) + "\n");
        try
        {
            await _storage.ContainerFor(location).GetBlobClient(blobName).UploadAsync(new BinaryData(bytes), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = MD5.HashData(bytes) },
                // One request (a Put Blob) at this size: the document is whole or absent, never partly written.
                TransferOptions = new StorageTransferOptions { InitialTransferSize = Math.Max(bytes.Length, 1), MaximumTransferSize = Math.Max(bytes.Length, 1) },
            }, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsBlobFailure(e))
        {
            throw BlobFailures.Map(e, location, blobName, "writing");
        }
    }

    // The uncommitted list must hold every staged id at its size (the last block shorter), adding up to the file.
    private static async Task VerifyStagedAsync(BlockBlobClient blob, BlobLocation location, string blobName, List<string> ids, long length,
        int blockBytes, CancellationToken cancellationToken)
    {
        var staged = (await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken)).Value.UncommittedBlocks
            .ToDictionary(b => b.Name, b => b.SizeLong, StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var expected = Math.Min(blockBytes, length - (long)i * blockBytes);
            if (!staged.TryGetValue(ids[i], out var size) || size != expected)
                throw new TransientTaskException($"Blob Storage: upload of '{blobName}' to container '{location.Container}' did not verify: block {i} of {ids.Count} " +
                    (staged.ContainsKey(ids[i]) ? $"is staged with {size} bytes, not {expected}." : "is no longer staged (another attempt committed this name meanwhile?)."));
            total += size;
        }
        if (total != length)
            throw new TransientTaskException($"Blob Storage: upload of '{blobName}' to container '{location.Container}' did not verify: the staged blocks hold {total} bytes, the file {length}.");
    }

    private static BlobEntry ToEntry(string name, BlobProperties p) => new(
        name, p.ContentLength, p.ContentType, p.LastModified,
        p.ContentHash is { Length: > 0 } md5 ? Convert.ToBase64String(md5) : null,
        p.ETag.ToString("H"), new Dictionary<string, string>(p.Metadata));
}
