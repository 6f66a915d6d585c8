using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.IntegrationTests.Raster;

/// <summary>
/// A worker process killed mid-conversion runs no cleanup of its own: what it left is swept when
/// the job ends, so the published destination holds only COGs and STAC files. Real geoorch
/// processes, real GDAL, killed with SIGKILL.
/// </summary>
public sealed class RasterKilledWorkerTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly RasterWorkerRun _run = new(fixture, "raster-killed-worker");

    public void Dispose() => _run.Dispose();

    private string Output => _run.Output;

    [Fact]
    public async Task Run_WorkerKilledOnTheLastAttempt_FinalizeSweepsWhatItLeftAndTheDestinationHoldsOnlyCogsAndStac()
    {
        // The big file's conversion is caught while GDAL writes its overviews: its first two
        // attempts by killing the GDAL host converting it, its last by killing the worker process
        // running it, so no later attempt of that task comes to remove what it left; the job goes on
        // (one file may fail) with the small file, and ends.
        await TestRasters.NoiseAsync(_run.In("big.tif"), 8000);
        await TestRasters.Utm33Async(_run.In("small.tif"));
        var jobId = await _run.SubmitAsync(new JsonObject { ["blocksize"] = 256, ["overview_resampling"] = "LANCZOS", ["max_failed_files"] = 1 });
        using var first = Geoorch.Start(["worker", "--concurrency", "1", "--lease", "5"], _run.Environment());
        _ = first.StandardOutput.ReadToEndAsync();
        _ = first.StandardError.ReadToEndAsync();
        var seen = new HashSet<int>();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (seen.Count < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"a GDAL host was caught writing overviews {seen.Count} times, not 3");
                if (GdalProcesses.WritingOverviews(Output))
                    foreach (var pid in GdalProcesses.HostsWithOpen(Path.Combine(Output, ".big.tif"), first.Id).Where(seen.Add))
                    {
                        if (seen.Count < 3)
                        {
                            GdalProcesses.Kill(pid);
                        }
                        else
                        {
                            first.Kill(); // SIGKILL, to the worker alone: its GDAL host dies with it
                        }
                    }
                await Task.Delay(10);
            }
            await first.WaitForExitAsync();
            Assert.NotEmpty(GdalProcesses.HiddenFiles(Output)); // what the killed attempt left
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
        }

        // Another worker takes over: the killed attempt's lease runs out (its third attempt, so
        // the file fails for good), the small file converts, the catalogue is written, the job ends.
        using var second = Geoorch.Start(["worker", "--concurrency", "2", "--janitor-interval", "0.2"], _run.Environment());
        var stderr = second.StandardError.ReadToEndAsync();
        _ = second.StandardOutput.ReadToEndAsync();
        JobRecord job;
        try
        {
            job = await _run.WaitAsync(jobId, 180);
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", second.Id.ToString()])) await term.WaitForExitAsync();
            await second.WaitForExitAsync();
        }

        Assert.True(job.Status == JobStatus.CompletedWithErrors, $"{job.Status}: {job.Error}; worker: {await stderr}");
        var big = (await _run.ConvertsAsync(jobId)).Single(t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(3, big.Attempts);
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        Assert.True(job.Result!["temporary_files_removed"]!.GetValue<int>() >= 1);
        Assert.Equal(["collection.json", "small.item.json", "small.tif"],
            Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Output, f)).Order(StringComparer.Ordinal));
        await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
    }

    [Fact]
    public async Task Run_WorkerProcessKilledAlone_TakesItsGdalHostWithIt()
    {
        // The worker process alone is SIGKILLed (as the OOM killer does), not its process group,
        // while its GDAL host is tens of seconds from done (a warp to EPSG:4326 with LANCZOS): the
        // host must not run on as an orphan (its parent-death signal kills it), writing after the
        // job's end has swept the destination.
        await TestRasters.NoiseAsync(_run.In("big.tif"), 8000);
        var jobId = await _run.SubmitAsync(new JsonObject { ["blocksize"] = 256, ["overview_resampling"] = "LANCZOS", ["target_crs"] = "EPSG:4326" });
        using var worker = Geoorch.Start(["worker", "--concurrency", "1", "--lease", "5"], _run.Environment());
        _ = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!GdalProcesses.WritingOverviews(Output))
            {
                Assert.True(DateTime.UtcNow < deadline, "GDAL never wrote overviews into the destination");
                await Task.Delay(10);
            }
            var gdal = Assert.Single(GdalProcesses.HostsWithOpen(Output, worker.Id));

            worker.Kill(); // SIGKILL, to this process only
            await worker.WaitForExitAsync();
            deadline = DateTime.UtcNow.AddSeconds(300);
            while (GdalProcesses.IsRunning(gdal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the GDAL host outlived its worker by five minutes");
                await Task.Delay(10);
            }
            Assert.Empty(GdalProcesses.Hosts(worker.Id));

            // It died mid-way: its temporary overviews are still there (a GDAL that ran on to its
            // end would have removed them), for the task's next attempt or the job's end to remove.
            Assert.True(GdalProcesses.WritingOverviews(Output));
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            await fixture.Client.CancelJobAsync(jobId, "test over");
        }
    }
}
