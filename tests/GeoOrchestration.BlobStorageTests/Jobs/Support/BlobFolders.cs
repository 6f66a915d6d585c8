using Azure.Storage.Blobs;

namespace GeoOrchestration.BlobStorageTests.Jobs.Support;

/// <summary>Moves test rasters between a local folder and a container, keeping their relative names.</summary>
internal static class BlobFolders
{
    /// <summary>Uploads every file under <paramref name="folder"/> as <c>PREFIX/relative/name</c>.</summary>
    public static async Task UploadAsync(string folder, BlobContainerClient container, string prefix = "")
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = prefix + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await container.GetBlobClient(name).UploadAsync(file, overwrite: true);
        }
    }

    /// <summary>Every blob name in the container, in the service's order.</summary>
    public static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        return names;
    }

    /// <summary>Each blob's ETag by name (those whose name ends in <paramref name="suffix"/>): what changes when a blob is written again.</summary>
    public static async Task<Dictionary<string, string>> ETagsAsync(BlobContainerClient container, string suffix = "")
    {
        var tags = new Dictionary<string, string>();
        await foreach (var blob in container.GetBlobsAsync())
            if (blob.Name.EndsWith(suffix, StringComparison.Ordinal)) tags[blob.Name] = blob.Properties.ETag!.Value.ToString();
        return tags;
    }
}
