using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>
/// Hostile files among good ones, converted by one real <c>geoorch worker</c> whose GDAL runs in its
/// hosts: each fails its own task for good (one attempt) with GDAL's own message, the worker lives
/// on, and the good files convert.
/// </summary>
public sealed class RasterHostileFileTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly RasterWorkerRun _run = new(fixture, "raster-hostile");

    public void Dispose() => _run.Dispose();

    private string Input => _run.Input;
    private string Output => _run.Output;

    [Fact]
    public async Task Run_TruncatedGarbageAndAbsurdTiffs_FailTheirOwnTasksWithGdalsMessage_AndTheRestConverts()
    {
        await TestRasters.Utm33Async(_run.In("good1.tif"));
        await TestRasters.NanNodataAsync(_run.In("good2.tif"));
        await TestRasters.CorruptAsync(_run.In("truncated.tif"));
        await TestRasters.NotARasterAsync(_run.In("garbage.tif"));
        await HostileRasters.AbsurdDimensionsAsync(_run.In("absurd.tif"));
        var jobId = await _run.SubmitAsync(new JsonObject { ["blocksize"] = 256, ["max_failed_files"] = 3 });
        using var worker = _run.StartWorker("--concurrency", "2");

        var job = await _run.WaitAsync(jobId, 180);

        Assert.True(job.Status == JobStatus.CompletedWithErrors, $"{job.Status}: {job.Error}; worker: {worker.Tail}");
        Assert.False(worker.HasExited, $"the worker exited: {worker.Tail}");
        var failed = (await _run.ConvertsAsync(job.JobId))
            .Where(t => t.Status == TaskRecordStatus.Failed)
            .ToDictionary(t => Path.GetFileName(t.Parameters["source"]!.GetValue<string>()));
        Assert.Equal(["absurd.tif", "garbage.tif", "truncated.tif"], failed.Keys.Order(StringComparer.Ordinal));
        Assert.All(failed.Values, t => Assert.Equal(1, t.Attempts)); // permanent: not retried
        Assert.Contains("not recognized as a supported file format", failed["garbage.tif"].ErrorMessage);
        Assert.Contains("TIFFReadEncodedStrip", failed["truncated.tif"].ErrorMessage);
        Assert.Contains("too large", failed["absurd.tif"].ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.All(failed.Values, t => Assert.Contains(Path.Combine(Input, Path.GetFileName(t.Parameters["source"]!.GetValue<string>())), t.ErrorMessage));
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        Assert.Equal(["good1", "good2"], items.Select(i => i.Item["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(items, item => Assert.Empty(CogCheck.Problems(item.Info, 256)));
        Assert.Empty(GdalProcesses.HiddenFiles(Output));
        await worker.TerminateAsync(TimeSpan.FromSeconds(30));
    }
}
