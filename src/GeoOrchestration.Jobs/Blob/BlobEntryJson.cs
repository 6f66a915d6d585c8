using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Blob;

/// <summary>A listed blob as the <c>listing</c> stage hands it to <c>describe</c> (no metadata: it may be large).</summary>
internal static class BlobEntryJson
{
    public static JsonObject Of(BlobLocation location, BlobEntry entry) => new()
    {
        ["name"] = entry.Name,
        ["url"] = location.UrlOf(entry.Name).AbsoluteUri,
        ["bytes"] = entry.Bytes,
        ["content_type"] = entry.ContentType,
        ["last_modified"] = Time(entry.LastModified),
        ["content_md5"] = entry.ContentMd5,
        ["etag"] = entry.ETag,
    };

    /// <summary>UTC, milliseconds, ISO 8601 (what STAC and PowerShell read).</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
