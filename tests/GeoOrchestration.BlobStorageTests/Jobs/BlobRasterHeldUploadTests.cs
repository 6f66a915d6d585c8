using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.BlobStorageTests.Jobs.Support;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Jobs;

/// <summary>
/// A conversion leases its GDAL host only while GDAL works: a real <c>geoorch worker</c> with one GDAL
/// host (<c>GEO_GDAL_HOSTS=1</c>) and two task slots, one conversion's upload held at its commit by the
/// proxy in front of Azurite (its Put Block List kept waiting), converts another job's file meanwhile.
/// A conversion that kept its host through the commit would leave the other waiting for the host
/// until the held upload ended.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRasterHeldUploadTests(AzuriteServer azurite) : IDisposable
{
    private const int ConvertStage = 3;

    private readonly TempFolder _folder = new("blob-held-upload");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Worker_OneGdalHost_AnotherConversionCompletesWhileAnUploadIsHeldAtItsCommit()
    {
        await TestRasters.Utm33Async(_folder.File("held", "a.tif"), size: 64);
        await TestRasters.Utm33Async(_folder.File("free", "b.tif"), size: 64);
        var destination = azurite.NewContainer("dst");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(IsHeldCommit, Fault.Held(release.Task));
        using var jobs = new BlobJobs(azurite, proxy.Endpoint);
        jobs.Environment["GEO_GDAL_HOSTS"] = "1";

        var held = await SubmitAsync(jobs, "held", destination);
        using var worker = WorkerProcess.Start(["--concurrency", "2", "--exit-when-idle", "5"], jobs.Environment);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(proxy.Held > 0 || worker.HasExited), 300);
            Assert.False(worker.HasExited, worker.Tail);

            // The held task's GDAL work is done and its commit waits: the one host must be free for this one.
            var free = await SubmitAsync(jobs, "free", destination);
            await Eventually.TrueAsync(async () => await StatusAsync(jobs, free) is not ("queued" or "processing") || worker.HasExited, 240);

            Assert.True(await StatusAsync(jobs, free) == "completed", worker.Tail);
            Assert.DoesNotContain(proxy.Requests, IsHeldCommit); // never let go: the upload is still held
            Assert.Equal("processing", await StatusAsync(jobs, held));
            Assert.True((await destination.GetBlobClient("free/b.tif").ExistsAsync()).Value);
            Assert.False((await destination.GetBlobClient("held/a.tif").ExistsAsync()).Value);
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.True(await worker.ExitCodeWithinAsync(TimeSpan.FromMinutes(5)) == 0, worker.Tail);
        Assert.Equal("completed", await StatusAsync(jobs, held));
        Assert.True((await destination.GetBlobClient("held/a.tif").ExistsAsync()).Value);
        // The held conversion started the worker's one host; its GDAL work was over when it uploaded.
        var convert = Assert.Single(await jobs.TasksAsync(held, ConvertStage))!;
        Assert.Equal(1, convert["result"]!["gdal_host_starts"]!.GetValue<int>());
        Assert.Equal(1, convert["attempts"]!.GetValue<int>());
    }

    private static bool IsHeldCommit(ProxiedRequest request) =>
        request.Method == "PUT" && request.Has("comp=blocklist") && request.Path.EndsWith("/held/a.tif", StringComparison.Ordinal);

    private async Task<string> SubmitAsync(BlobJobs jobs, string folder, BlobContainerClient destination)
    {
        var submitted = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(_folder.File(folder)), ["destination"] = AzuriteServer.Az(destination.Name, folder), ["blocksize"] = 256,
        });
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        return submitted.Json["jobId"]!.GetValue<string>();
    }

    private static async Task<string> StatusAsync(BlobJobs jobs, string jobId) => (await jobs.JobAsync(jobId))["status"]!.GetValue<string>();
}
