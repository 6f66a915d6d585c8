namespace GeoOrchestration.Jobs.Storage;

/// <summary>A blob copied to a local file, with the hashes of the bytes written, computed while they were written.</summary>
/// <param name="Entry">The blob as it was downloaded (its properties at that version).</param>
/// <param name="Md5">The MD5 of the bytes written, base64 (as Content-MD5 is); equal to <see cref="BlobEntry.ContentMd5"/> when the blob has one.</param>
/// <param name="Sha256">The SHA-256 of the bytes written, lowercase hex (as STAC's <c>file:checksum</c> takes it).</param>
public sealed record DownloadedBlob(BlobEntry Entry, string Md5, string Sha256);
