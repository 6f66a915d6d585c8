using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// Where the catalogue's files go under a destination folder, or under a blob destination
/// (<c>az://</c>, https: then the blobs' https URLs, <see cref="RasterBlobPaths"/>).
/// </summary>
public static class RasterPaths
{
    /// <summary>The Collection, at the top of the destination.</summary>
    public static string Collection(string destination) =>
        BlobLocation.IsBlob(destination) ? RasterBlobPaths.Url(destination, "collection", ".json")
        : Path.Combine(Path.GetFullPath(destination), "collection.json");

    /// <summary>The Item of the raster named <paramref name="name"/>: beside its COG, <c>name.item.json</c>.</summary>
    public static string Item(string destination, string name) =>
        BlobLocation.IsBlob(destination) ? RasterBlobPaths.Url(destination, name, ".item.json")
        : Path.GetFullPath(Path.Combine(destination, name.Replace('/', Path.DirectorySeparatorChar) + ".item.json"));

    /// <summary>The Collection's id when none is given: the destination folder's name (a blob destination's prefix or container).</summary>
    public static string DefaultCollectionId(string destination) =>
        BlobLocation.IsBlob(destination) ? RasterBlobPaths.DefaultCollectionId(RasterBlobPaths.Parse(destination))
        : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination))) is { Length: > 0 } name ? name : "rasters";
}
