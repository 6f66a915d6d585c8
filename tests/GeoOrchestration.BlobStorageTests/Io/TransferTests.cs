using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>Block upload, download, properties and JSON documents on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransferTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-transfer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static BlobLocation Location(BlobStorage storage, string text)
    {
        var errors = new List<ValidationError>();
        return BlobLocation.Parse(text, "destination", errors, storage.Options.Environment) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    internal static string RandomFile(string folder, int bytes, int seed)
    {
        var path = Path.Combine(folder, $"file-{seed}-{bytes}.bin");
        var content = new byte[bytes];
        new Random(seed).NextBytes(content);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task UploadCommitted_CommitsTheFileInBlocksWithTypeMd5AndMetadata()
    {
        var container = azurite.NewContainer("up");
        var storage = azurite.Storage(blockBytes: 64 * 1024);
        var file = RandomFile(_folder, 64 * 1024 * 3 + 123, seed: 1);

        var entry = await new BlobTransfer(storage).UploadCommittedAsync(Location(storage, AzuriteServer.Az(container.Name)), "cogs/a.tif", file,
            "image/tiff; application=geotiff; profile=cloud-optimized", new Dictionary<string, string> { ["source_md5"] = "abc" }, "task-1-attempt-1", CancellationToken.None);

        var expectedMd5 = Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(file)));
        Assert.Equal((new FileInfo(file).Length, expectedMd5), (entry.Bytes, entry.ContentMd5));
        var blob = container.GetBlockBlobClient("cogs/a.tif");
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal(4, blocks.CommittedBlocks.Count());
        Assert.Empty(blocks.UncommittedBlocks);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("image/tiff; application=geotiff; profile=cloud-optimized", properties.ContentType);
        Assert.Equal(expectedMd5, Convert.ToBase64String(properties.ContentHash));
        Assert.Equal("abc", properties.Metadata["source_md5"]);
        Assert.Equal(File.ReadAllBytes(file), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task UploadCommitted_EmptyFile_CommitsAnEmptyBlob()
    {
        var container = azurite.NewContainer("empty");
        var storage = azurite.Storage();
        var file = Path.Combine(_folder, "empty.bin");
        File.WriteAllBytes(file, []);

        var entry = await new BlobTransfer(storage).UploadCommittedAsync(Location(storage, AzuriteServer.Az(container.Name)), "e.bin", file,
            "application/octet-stream", new Dictionary<string, string>(), "t", CancellationToken.None);

        Assert.Equal(0, entry.Bytes);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(Array.Empty<byte>())), entry.ContentMd5);
    }

    [Fact]
    public async Task Download_WritesTheBlobAndReportsItsProperties()
    {
        var container = azurite.NewContainer("down");
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        await container.GetBlobClient("in/a.tif").UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            HttpHeaders = new() { ContentType = "image/tiff", ContentHash = MD5.HashData(bytes) },
        });
        var storage = azurite.Storage();
        var target = Path.Combine(_folder, "a.tif");

        var entry = (await new BlobTransfer(storage).DownloadAsync(Location(storage, AzuriteServer.Az(container.Name)), "in/a.tif", target, CancellationToken.None)).Entry;

        Assert.Equal(bytes, File.ReadAllBytes(target));
        Assert.Equal(("in/a.tif", 300_000L, "image/tiff"), (entry.Name, entry.Bytes, entry.ContentType));
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), entry.ContentMd5);
        Assert.Equal([Path.GetFileName(target)], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Download_BytesNotMatchingTheStoredMd5_IsTransientAndLeavesNoFile()
    {
        var container = azurite.NewContainer("badmd5");
        var blob = container.GetBlobClient("a.bin");
        await blob.UploadAsync(new BinaryData(new byte[] { 1, 2, 3 }));
        // A stored Content-MD5 that is not the content's (a writer that lied, bytes changed at rest): the download must not pass it on.
        await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentHash = MD5.HashData(new byte[] { 9, 9, 9 }) });
        var storage = azurite.Storage();
        var target = Path.Combine(_folder, "a.bin");

        var failure = await Assert.ThrowsAsync<TransientTaskException>(() =>
            new BlobTransfer(storage).DownloadAsync(Location(storage, AzuriteServer.Az(container.Name)), "a.bin", target, CancellationToken.None));

        Assert.Contains("did not verify", failure.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Get_MissingBlob_IsNull_AndMissingContainerIsPermanent()
    {
        var container = azurite.NewContainer("get");
        var storage = azurite.Storage();
        var transfer = new BlobTransfer(storage);

        Assert.Null(await transfer.GetAsync(Location(storage, AzuriteServer.Az(container.Name)), "nothing.tif", CancellationToken.None));
        var failure = await Assert.ThrowsAsync<PermanentTaskException>(() =>
            transfer.GetAsync(Location(storage, "az://no-such-container"), "a.tif", CancellationToken.None));
        Assert.Contains("'no-such-container'", failure.Message);
    }

    [Fact]
    public async Task Upload_MissingLocalFile_FailsAsItself_NotAsAnUnreachableService()
    {
        var container = azurite.NewContainer("nofile");
        var storage = azurite.Storage();

        // A transient "service unreachable" would have the engine retry a task that cannot succeed.
        await Assert.ThrowsAsync<FileNotFoundException>(() => new BlobTransfer(storage).UploadCommittedAsync(Location(storage, AzuriteServer.Az(container.Name)),
            "a.tif", Path.Combine(_folder, "missing.tif"), "image/tiff", new Dictionary<string, string>(), "t", CancellationToken.None));
    }

    [Fact]
    public async Task Download_IntoAMissingFolder_FailsAsItself_NotAsAnUnreachableService()
    {
        var container = azurite.NewContainer("nofolder");
        await container.GetBlobClient("a.bin").UploadAsync(new BinaryData("x"));
        var storage = azurite.Storage();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new BlobTransfer(storage).DownloadAsync(Location(storage, AzuriteServer.Az(container.Name)),
            "a.bin", Path.Combine(_folder, "no-such-folder", "a.bin"), CancellationToken.None));
    }

    [Fact]
    public async Task WriteJson_WritesOneDocumentWithItsContentType()
    {
        var container = azurite.NewContainer("json");
        var storage = azurite.Storage();
        var document = new JsonObject { ["type"] = "Collection", ["id"] = "c1" };

        await new BlobTransfer(storage).WriteJsonAsync(Location(storage, AzuriteServer.Az(container.Name)), "stac/collection.json", document, "application/json", CancellationToken.None);

        var downloaded = (await container.GetBlobClient("stac/collection.json").DownloadContentAsync()).Value;
        Assert.Equal("application/json", downloaded.Details.ContentType);
        Assert.Equal("c1", JsonNode.Parse(downloaded.Content.ToString())!["id"]!.GetValue<string>());
    }
}
