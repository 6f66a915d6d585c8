using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>
/// A GDAL host that hangs is killed when the task's timeout ends the task. The hang is real: the
/// source is a FIFO named like a GeoTIFF that nobody writes, so GDALOpen blocks in open(2) for good.
/// </summary>
// mkfifo, and /proc to find the host.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RasterHostHangTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-host-hang");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_HostBlockedOnAFifo_IsKilledWhenTheTaskTimesOut_AndTheTaskFailsForTheTimeout()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder.Path, "in")).FullName;
        var fifo = Path.Combine(input, "x.tif");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        Assert.True(File.Exists(fifo));
        var submission = await fixture.Client.SubmitAsync("raster_to_cog",
            new JsonObject { ["source"] = new JsonArray(fifo), ["destination"] = Path.Combine(_folder.Path, "out") },
            new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(4) });
        using var worker = WorkerProcess.Start(["--concurrency", "1"],
            new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = fixture.Schema });

        // The convert task is the only one that asks GDAL: the worker's one host is the one blocked on the FIFO.
        var host = await RunningConvertHostAsync(submission.Job.JobId, worker);
        var job = await fixture.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(120));

        var convert = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId, stage: 3));
        Assert.Equal(TaskRecordStatus.Failed, convert.Status);
        Assert.Contains("longer than its timeout of 4 s", convert.ErrorMessage);
        // Killed and waited for (so gone, not a zombie), whether before or just after the failure was stored.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (GdalProcesses.IsRunning(host))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the hung host {host} is still there after its task timed out");
            await Task.Delay(20);
        }
        Assert.False(worker.HasExited, $"the worker exited: {worker.Tail}");
        await worker.TerminateAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<int> RunningConvertHostAsync(string jobId, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the convert task never ran in a host of worker {worker.Id}; worker: {worker.Tail}");
            var running = (await fixture.Client.ListTasksAsync(jobId, stage: 3)).Any(t => t.Status == TaskRecordStatus.Processing);
            if (running && GdalProcesses.Hosts(worker.Id) is [var host]) return host;
            await Task.Delay(20);
        }
    }
}
