using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>One raster a job works on.</summary>
/// <param name="Path">Its absolute path, or its blob's URL (no query string).</param>
/// <param name="Name">
/// Where its results go, relative to the destination and without an extension, '/'-separated:
/// its path below the source folder or prefix (subfolders kept), or its file name for a list.
/// </param>
/// <param name="Bytes">Its size when listed.</param>
public sealed record RasterFile(string Path, string Name, long Bytes)
{
    /// <summary>Its blob as the service listed it; null for a file.</summary>
    public BlobEntry? Blob { get; init; }

    /// <summary>Its STAC Item id: <see cref="Name"/> with '/' as '_' (ids appear in URLs).</summary>
    public string ItemId => Name.Replace('/', '_');

    /// <summary>What a per-file task needs of it, as the <c>listing</c> stage returns it (for a blob, also its properties).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["source"] = Path,
            ["name"] = Name,
            ["item_id"] = ItemId,
            ["bytes"] = Bytes,
        };
        if (Blob is { } blob)
        {
            json["content_type"] = blob.ContentType;
            json["last_modified"] = Jobs.Blob.BlobEntryJson.Time(blob.LastModified);
            json["content_md5"] = blob.ContentMd5;
            json["etag"] = blob.ETag;
        }
        return json;
    }
}
