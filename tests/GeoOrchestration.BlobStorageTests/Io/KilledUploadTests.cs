using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>
/// An upload killed mid-way (SIGKILL of the process after some blocks were staged) leaves no blob under the final
/// name, only uncommitted blocks; a second attempt commits only its own blocks, and the blob is its file byte for byte.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KilledUploadTests(AzuriteServer azurite) : IDisposable
{
    private const int BlockBytes = 64 * 1024;
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Upload_KilledAfterSomeBlocks_LeavesNoBlob_AndTheNextAttemptCommitsOnlyItsOwnBlocks()
    {
        var container = azurite.NewContainer("kill");
        var first = TransferTests.RandomFile(_folder, 64 * BlockBytes, seed: 11);
        var second = TransferTests.RandomFile(_folder, 40 * BlockBytes + 500, seed: 12);
        // Through a proxy that slows each Put Block, so the child is surely mid-upload when it is killed.
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(r => r.Method == "PUT" && r.Query.Contains("comp=block") && !r.Has("comp=blocklist"), Fault.Slow(TimeSpan.FromMilliseconds(150)));
        var blob = container.GetBlockBlobClient("cogs/scene.tif");

        using (var child = StartUploader(AzuriteServer.Az(container.Name), "cogs/scene.tif", first, "task-7-attempt-1", proxy.Endpoint))
        {
            var staged = await WaitForStagedBlocks(blob, atLeast: 5, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            Assert.InRange(staged, 5, 63);
        }

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());
        Assert.Equal(404, failure.Status);
        var listed = new List<string>();
        await foreach (var item in container.GetBlobsAsync()) listed.Add(item.Name);
        Assert.Empty(listed);
        var afterKill = (await blob.GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Empty(afterKill.CommittedBlocks);
        Assert.NotEmpty(afterKill.UncommittedBlocks);
        Assert.All(afterKill.UncommittedBlocks, b => Assert.Contains(b.Name, Enumerable.Range(0, 64).Select(i => BlockIds.For("task-7-attempt-1", i))));

        var storage = azurite.Storage(blockBytes: BlockBytes);
        var entry = await new BlobTransfer(storage).UploadCommittedAsync(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "cogs/scene.tif", second,
            "image/tiff", new Dictionary<string, string>(), "task-7-attempt-2", CancellationToken.None);

        var committed = (await blob.GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal(Enumerable.Range(0, 41).Select(i => BlockIds.For("task-7-attempt-2", i)), committed.CommittedBlocks.Select(b => b.Name));
        Assert.Empty(committed.UncommittedBlocks);
        var secondBytes = File.ReadAllBytes(second);
        var downloaded = (await blob.DownloadContentAsync()).Value;
        Assert.Equal(secondBytes, downloaded.Content.ToArray());
        Assert.Equal(Convert.ToBase64String(MD5.HashData(secondBytes)), entry.ContentMd5);
        Assert.Equal(MD5.HashData(secondBytes), downloaded.Details.ContentHash);
    }

    private Process StartUploader(string location, string blobName, string file, string attemptTag, Uri endpoint)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "GeoOrchestration.BlobStorageTests.Uploader.dll"), location, blobName, file, attemptTag, BlockBytes.ToString() })
            start.ArgumentList.Add(argument);
        // Its own environment: the connection string through the proxy (never this test process's variables).
        foreach (var (name, value) in azurite.ChildEnvironment(endpoint))
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the uploader.");
    }

    // Polls the uncommitted block list (through Azurite directly) until the child has staged enough blocks.
    private static async Task<int> WaitForStagedBlocks(BlockBlobClient blob, int atLeast, Process child)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited)
                throw new InvalidOperationException($"The uploader ended (exit {child.ExitCode}) before it was killed: {await child.StandardOutput.ReadToEndAsync()}{await child.StandardError.ReadToEndAsync()}");
            try
            {
                var count = (await blob.GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks.Count();
                if (count >= atLeast) return count;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Nothing staged yet.
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"The uploader staged fewer than {atLeast} blocks in 2 minutes.");
    }
}
