using Azure.Storage.Blobs;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>Fills a container with many small blobs, in parallel (Azurite answers a few hundred puts a second).</summary>
internal static class ManyBlobs
{
    public static Task UploadAsync(BlobContainerClient container, IEnumerable<string> names, int bytes = 16) =>
        Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, token) =>
            await container.GetBlobClient(name).UploadAsync(new BinaryData(new byte[bytes]), token));

    /// <summary><c>r0000.tif</c> ... under <paramref name="prefix"/>: names that sort as they are numbered.</summary>
    public static List<string> Numbered(string prefix, int count, string extension = ".tif") =>
        Enumerable.Range(0, count).Select(i => $"{prefix}r{i:D5}{extension}").ToList();
}
