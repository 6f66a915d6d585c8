using System.Security.Cryptography;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>A download reports the MD5 and SHA-256 of the bytes it wrote, with or without a stored Content-MD5.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DownloadHashTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-hash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Download_ReportsTheHashesOfTheBytesWritten_AlsoForABlobWithoutContentMd5()
    {
        var container = azurite.NewContainer("hashes");
        // Over two of the download's 1 MiB buffers, so the hashes must span several writes.
        var bytes = new byte[(1 << 20) * 2 + 4321];
        new Random(11).NextBytes(bytes);
        // Staged and committed without a Content-MD5, as large uploads by other tools are: the MD5 is then only ours.
        var blob = container.GetBlockBlobClient("big.bin");
        var id = Convert.ToBase64String("block-0"u8.ToArray());
        await blob.StageBlockAsync(id, new MemoryStream(bytes));
        await blob.CommitBlockListAsync([id]);
        var storage = azurite.Storage();
        var target = Path.Combine(_folder, "big.bin");

        var downloaded = await new BlobTransfer(storage).DownloadAsync(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "big.bin", target, CancellationToken.None);

        Assert.Null(downloaded.Entry.ContentMd5);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), downloaded.Md5);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), downloaded.Sha256);
        Assert.Equal(bytes, File.ReadAllBytes(target));
    }
}
