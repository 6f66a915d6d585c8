using System.Security.Cryptography;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>File digests for <c>file:checksum</c>.</summary>
public static class FileHashes
{
    /// <summary>The SHA-256 of a file's bytes, lowercase hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken)).ToLowerInvariant();
    }
}
