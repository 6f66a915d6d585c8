using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>
/// A GDAL host killed mid-conversion (SIGKILL, as a segfault or the OOM killer ends it) costs one
/// attempt of the one task it was running: that task is retried and converts, the other tasks of the
/// job on the same worker are untouched, and the worker process lives on. A real <c>geoorch worker</c>,
/// its real hosts, found by their command line and the files they hold open.
/// </summary>
public sealed class RasterHostKilledTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly RasterWorkerRun _run = new(fixture, "raster-host-killed");

    public void Dispose() => _run.Dispose();

    private string Output => _run.Output;

    [Fact]
    public async Task Run_HostKilledMidConversion_FailsThatAttemptOnly_TheRetryConverts_AndTheWorkerLivesOn()
    {
        // The big file's LANCZOS overviews take seconds: its host is caught writing them.
        await TestRasters.NoiseAsync(_run.In("big.tif"), 8000);
        foreach (var name in new[] { "a", "b", "c" }) await TestRasters.Utm33Async(_run.In($"{name}.tif"));
        var jobId = await _run.SubmitAsync(new JsonObject { ["blocksize"] = 256, ["overview_resampling"] = "LANCZOS" });
        using var worker = _run.StartWorker("--concurrency", "2");

        var host = await HostWritingAsync(worker, Path.Combine(Output, ".big.tif"));
        Assert.True(GdalProcesses.Kill(host), $"host {host} exited before it could be killed");
        var job = await _run.WaitAsync(jobId, 240);

        Assert.True(job.Status == JobStatus.Completed, $"{job.Status}: {job.Error}; worker: {worker.Tail}");
        Assert.False(worker.HasExited, $"the worker exited: {worker.Tail}");
        var converts = await _run.ConvertsAsync(job.JobId);
        var big = Assert.Single(converts, t => t.Parameters["source"]!.GetValue<string>().EndsWith("big.tif", StringComparison.Ordinal));
        Assert.Equal((TaskRecordStatus.Completed, 2), (big.Status, big.Attempts));
        Assert.Contains($"pid {host}", big.ErrorMessage);
        Assert.Contains("signal 9", big.ErrorMessage);
        Assert.All(converts.Where(t => t != big), t => Assert.Equal((TaskRecordStatus.Completed, 1, (string?)null), (t.Status, t.Attempts, t.ErrorMessage)));
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        Assert.Equal(4, items.Count);
        Assert.All(items, item => Assert.Empty(CogCheck.Problems(item.Info, 256)));
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        await worker.TerminateAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The host of <paramref name="worker"/> that holds a file open under <paramref name="pathPrefix"/> while GDAL writes overviews.</summary>
    private async Task<int> HostWritingAsync(WorkerProcess worker, string pathPrefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no host of worker {worker.Id} was caught writing {pathPrefix}*; worker: {worker.Tail}");
            if (GdalProcesses.WritingOverviews(Output) && GdalProcesses.HostsWithOpen(pathPrefix, worker.Id) is [var host]) return host;
            await Task.Delay(10);
        }
    }
}
