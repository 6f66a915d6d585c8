using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>One raster a job works on.</summary>
/// <param name="Path">Its absolute path.</param>
/// <param name="Name">
/// Where its results go, relative to the destination and without an extension, '/'-separated:
/// its path below the source folder (subfolders kept), or its file name for a list of files.
/// </param>
/// <param name="Bytes">Its size when listed.</param>
public sealed record RasterFile(string Path, string Name, long Bytes)
{
    /// <summary>Its STAC Item id: <see cref="Name"/> with '/' as '_' (ids appear in URLs).</summary>
    public string ItemId => Name.Replace('/', '_');

    /// <summary>What a per-file task needs of it, as the <c>listing</c> stage returns it.</summary>
    public JsonObject ToJson() => new()
    {
        ["source"] = Path,
        ["name"] = Name,
        ["item_id"] = ItemId,
        ["bytes"] = Bytes,
    };
}
