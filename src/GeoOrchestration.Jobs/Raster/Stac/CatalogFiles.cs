using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// Writes one catalogue file, whole or not at all, where the destination is: a file in a folder
/// (<see cref="JsonFiles"/>: temporary name, rename) or a blob in a container (one Put Blob, which
/// Blob Storage makes visible only complete), with its media type as the blob's Content-Type.
/// </summary>
public static class CatalogFiles
{
    private static readonly BlobTransfer Transfer = new();

    /// <param name="destination">The job's destination: a folder or a blob location.</param>
    /// <param name="path">The file's path, or its blob's https URL (<see cref="RasterPaths"/>).</param>
    /// <param name="mediaType">application/json for the Collection, application/geo+json for an Item.</param>
    public static Task WriteAsync(string destination, string path, JsonNode document, string mediaType, CancellationToken cancellationToken)
    {
        if (!BlobLocation.IsBlob(destination)) return JsonFiles.WriteAsync(path, document, cancellationToken);
        var location = RasterBlobPaths.Parse(destination);
        return Transfer.WriteJsonAsync(location, RasterBlobPaths.NameOf(location, path), document, mediaType, cancellationToken);
    }
}
