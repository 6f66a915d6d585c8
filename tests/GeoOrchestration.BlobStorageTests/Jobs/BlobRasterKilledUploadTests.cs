using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.BlobStorageTests.Jobs.Support;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Jobs;

/// <summary>
/// A <c>geoorch worker</c> killed in the middle of uploading a large COG: its blocks are staged,
/// its commit held off by the proxy in front of Azurite (every Put Block List answered 503, which
/// the client retries), and then the process dies. Nothing may be visible under the final name,
/// and the retry in a new worker completes the task.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRasterKilledUploadTests(AzuriteServer azurite) : IDisposable
{
    private const int ConvertStage = 3;

    private readonly TempFolder _folder = new("blob-killed-upload");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Worker_KilledMidUpload_LeavesNoBlobUnderTheFinalName_AndTheRetryCompletes()
    {
        // 4500 x 4500 random bytes: a COG of about 26 MB, four 8 MiB blocks.
        await TestRasters.NoiseAsync(_folder.File("in", "big.tif"), 4500);
        var destination = azurite.NewContainer("dst");
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(r => r.Method == "PUT" && r.Has("comp=blocklist"), Fault.ServerBusy);
        using var jobs = new BlobJobs(azurite, proxy.Endpoint);
        var scratch = Directory.CreateDirectory(_folder.File("tmp")).FullName;
        jobs.Environment["TMPDIR"] = scratch;
        var submitted = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(Path.Combine(_folder.Path, "in")), ["destination"] = AzuriteServer.Az(destination.Name, "cogs"), ["blocksize"] = 256,
        });
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var jobId = submitted.Json["jobId"]!.GetValue<string>();
        var cog = destination.GetBlockBlobClient("cogs/big.tif");

        using (var first = WorkerProcess.Start(["--concurrency", "1", "--lease", "5"], jobs.Environment))
        {
            await Eventually.TrueAsync(() => Task.FromResult(proxy.Requests.Any(r => r.InjectedStatus is not null && r.Has("comp=blocklist")) || first.HasExited), 300);
            Assert.False(first.HasExited, first.Tail);
            await first.CrashAsync();
            Assert.False((await cog.ExistsAsync()).Value);
            var staged = (await cog.GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks.ToList();
            Assert.True(staged.Count >= 4, $"{staged.Count} blocks staged");
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(scratch, "geoorch-raster"))); // the killed attempt's COG, for the retry to remove
            AssertNoSecret(first.Tail);
        }

        using var second = WorkerProcess.Start(["--concurrency", "1", "--exit-when-idle", "2"], azurite.ChildEnvironment()
            .Concat(jobs.Environment.Where(e => e.Key is "XDG_DATA_HOME" or "TMPDIR")).ToDictionary(e => e.Key, e => e.Value));
        Assert.True(await second.ExitCodeWithinAsync(TimeSpan.FromMinutes(5)) == 0, second.Tail);

        var job = await jobs.JobAsync(jobId);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        var convert = Assert.Single(await jobs.TasksAsync(jobId, ConvertStage))!;
        Assert.Equal(2, convert["attempts"]!.GetValue<int>());
        var properties = (await cog.GetPropertiesAsync()).Value;
        Assert.Equal(StacValues.CogMediaType, properties.ContentType);
        var local = _folder.File("check", "big.tif");
        await cog.DownloadToAsync(local);
        Assert.Empty(CogCheck.Problems(await GdalInfoReader.ReadAsync(GdalRunner.Default, local, CancellationToken.None), 256));
        Assert.Equal(BlobCatalogue.UrlOf(destination, "cogs/big.tif"), convert["result"]!["asset"]!.GetValue<string>());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scratch, "geoorch-raster"))); // the killed attempt's copy removed by the retry, the retry's own at its end
        AssertNoSecret(second.Tail);
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(GeoOrchestration.Jobs.Storage.BlobConnectionString.DevelopmentKey, text);
        Assert.DoesNotContain("AccountKey", text);
    }
}
