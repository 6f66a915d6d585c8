namespace GeoOrchestration.Jobs.Storage;

/// <summary>One blob as the service describes it.</summary>
/// <param name="Name">The full blob name (<c>scenes/2024/a.tif</c>).</param>
/// <param name="Bytes">Its length in bytes.</param>
/// <param name="ContentType">Its Content-Type; null when the service has none.</param>
/// <param name="LastModified">When it was last written (UTC).</param>
/// <param name="ContentMd5">The MD5 of the whole blob, base64, as stored in its properties; null when none was set (large uploads by other tools).</param>
/// <param name="ETag">Its entity tag, quoted as the service gives it.</param>
/// <param name="Metadata">Its metadata (names lower-cased by the service); empty when none or not asked for.</param>
public sealed record BlobEntry(
    string Name,
    long Bytes,
    string? ContentType,
    DateTimeOffset LastModified,
    string? ContentMd5,
    string ETag,
    IReadOnlyDictionary<string, string> Metadata);
