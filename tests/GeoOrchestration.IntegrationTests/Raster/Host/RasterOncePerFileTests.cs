using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>
/// Each thing once per file, in one long-lived host: a conversion asks GDAL three times (the COG
/// written, the written COG's header, the footprint: GDALTranslate opens the source itself, so it is
/// not described first), a description twice (facts, footprint), and a worker allowed one host
/// converts every file in that same host process, started once (gdal_host_starts).
/// </summary>
public sealed class RasterOncePerFileTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly RasterWorkerRun _run = new(fixture, "raster-once");

    public void Dispose() => _run.Dispose();

    private string Input => _run.Input;

    [Fact]
    public async Task Run_FilesOnAWorkerWithOneHost_ThreeGdalRequestsPerConversionTwoPerDescription_AllInOneHostProcessStartedOnce()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) await TestRasters.Utm33Async(_run.In($"{name}.tif"), size: 64);
        var convert = await _run.SubmitAsync();
        var describe = await fixture.Client.SubmitAsync("raster_inventory",
            new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Path.Combine(_run.Output, "inventory") });
        using var worker = WorkerProcess.Start(["--concurrency", "1"], _run.Environment(("GEO_GDAL_HOSTS", "1")));

        // The first host seen: were any replaced later (one per file, or after a crash), the last would differ.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        IReadOnlyList<int> first;
        while ((first = GdalProcesses.Hosts(worker.Id)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the worker started no GDAL host; worker: {worker.Tail}");
            await Task.Delay(5);
        }
        var converted = await _run.WaitAsync(convert, 120);
        var described = await _run.WaitAsync(describe.Job.JobId, 120);

        Assert.Equal((JobStatus.Completed, JobStatus.Completed), (converted.Status, described.Status));
        var conversions = await _run.ConvertsAsync(converted.JobId);
        var descriptions = await fixture.Client.ListTasksAsync(described.JobId, stage: 3); // raster_inventory's describe stage
        Assert.Equal((5, 5), (conversions.Count, descriptions.Count));
        Assert.All(conversions, t => Assert.Equal(3, t.Result!["gdal_runs"]!.GetValue<int>()));
        Assert.All(descriptions, t => Assert.Equal(2, t.Result!["gdal_runs"]!.GetValue<int>()));
        // The first task to lease the one host started it; every other task reused it.
        var starts = conversions.Concat(descriptions).Select(t => t.Result!["gdal_host_starts"]!.GetValue<int>()).ToList();
        Assert.True(starts.Order().SequenceEqual([.. Enumerable.Repeat(0, 9), 1]), string.Join(",", starts));
        Assert.Equal(1, converted.Result!["gdal_host_starts"]!.GetValue<int>() + described.Result!["gdal_host_starts"]!.GetValue<int>());
        Assert.Equal(first, GdalProcesses.Hosts(worker.Id));
        await worker.TerminateAsync(TimeSpan.FromSeconds(30));
    }
}
