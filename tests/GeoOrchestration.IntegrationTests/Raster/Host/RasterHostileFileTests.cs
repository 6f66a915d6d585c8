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
    private readonly TempFolder _folder = new("raster-hostile");

    public void Dispose() => _folder.Dispose();

    private string Input => Path.Combine(_folder.Path, "in");
    private string Output => Path.Combine(_folder.Path, "out");

    [Fact]
    public async Task Run_TruncatedGarbageAndAbsurdTiffs_FailTheirOwnTasksWithGdalsMessage_AndTheRestConverts()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "good1.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(Input, "good2.tif"));
        await TestRasters.CorruptAsync(Path.Combine(Input, "truncated.tif"));
        await TestRasters.NotARasterAsync(Path.Combine(Input, "garbage.tif"));
        await HostileRasters.AbsurdDimensionsAsync(Path.Combine(Input, "absurd.tif"));
        var submission = await fixture.Client.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(Input), ["destination"] = Output, ["blocksize"] = 256, ["max_failed_files"] = 3,
        });
        using var worker = WorkerProcess.Start(["--concurrency", "2"],
            new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = fixture.Schema });

        var job = await fixture.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(180));

        Assert.True(job.Status == JobStatus.CompletedWithErrors, $"{job.Status}: {job.Error}; worker: {worker.Tail}");
        Assert.False(worker.HasExited, $"the worker exited: {worker.Tail}");
        var failed = (await fixture.Client.ListTasksAsync(job.JobId, stage: 3))
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
