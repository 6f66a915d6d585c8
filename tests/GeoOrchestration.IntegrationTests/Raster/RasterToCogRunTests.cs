using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

public sealed class RasterToCogRunTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-to-cog");

    public void Dispose() => _folder.Dispose();

    private string Input => Path.Combine(_folder.Path, "in");
    private string Output => Path.Combine(_folder.Path, "out");

    private async Task<JobRecord> RunAsync(JsonObject parameters, string? runKey = null, int concurrency = 4)
    {
        var submission = await fixture.Client.SubmitAsync("raster_to_cog", parameters, new SubmitOptions { RunKey = runKey });
        return await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, concurrency: concurrency);
    }

    private JsonObject Parameters(params (string Key, JsonNode? Value)[] extra)
    {
        var parameters = new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Output, ["blocksize"] = 128 };
        foreach (var (key, value) in extra) parameters[key] = value;
        return parameters;
    }

    [Fact]
    public async Task Run_FolderOfVariedRasters_WritesValidCogsAndACatalogueThatMatchesEachRastersOwnFacts()
    {
        await RasterSets.VariedAsync(Input); // the same rasters as the blob tests (BlobStorageTests/Jobs)

        var job = await RunAsync(Parameters(("recursive", true)));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(11, job.Result!["files"]!.GetValue<int>());
        Assert.Equal(11, job.Result["converted"]!.GetValue<int>());
        Assert.Equal(Path.Combine(Output, "collection.json"), job.Result["catalog"]!.GetValue<string>());
        var (collection, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        Assert.Equal("out", collection["id"]!.GetValue<string>());
        Assert.Equal(11, items.Count);
        foreach (var item in items)
        {
            Assert.Empty(CogCheck.Problems(item.Info, 128));
            Assert.StartsWith(Output, item.Asset);
        }
        var byId = items.ToDictionary(i => i.Item["id"]!.GetValue<string>());
        Assert.Equal(Path.Combine(Output, "sub", "rgb.tif"), byId["sub_rgb"].Asset);
        Assert.Equal(Path.Combine(Output, "sub", "rgb.item.json"), byId["sub_rgb"].Path);
        Assert.Equal("./rgb.tif", byId["sub_rgb"].Item["assets"]!["data"]!["href"]!.GetValue<string>());
        Assert.Equal("../collection.json", StacCheck.Link(byId["sub_rgb"].Item, "root"));
        Assert.Equal("2021-03-04T05:06:07Z", byId["sub_rgb"].Item["properties"]!["datetime"]!.GetValue<string>());
        Assert.NotEmpty(byId["utm33"].Info.Bands[0].Overviews); // 256 pixels: more than one 128-pixel tile
        Assert.Equal(32633, byId["utm33"].Item["properties"]!["proj:epsg"]!.GetValue<int>());
        Assert.Equal([170, -10, -170, 10], Bbox(byId["antimeridian"]));
        Assert.Equal("MultiPolygon", byId["antimeridian_utm"].Item["geometry"]!["type"]!.GetValue<string>());
        Assert.Equal(90, Bbox(byId["north_pole"])[3]);
        Assert.Equal(-32768, byId["negative_nodata"].Item["assets"]!["data"]!["raster:bands"]![0]!["nodata"]!.GetValue<double>());
        Assert.Equal("nan", byId["nan_nodata"].Item["assets"]!["data"]!["raster:bands"]![0]!["nodata"]!.GetValue<string>());
        Assert.Null(byId["sinusoidal"].Item["properties"]!["proj:epsg"]);
        Assert.Null(byId["gcp_only"].Item["properties"]!["proj:epsg"]);
        Assert.Null(byId["plain"].Item["geometry"]);
        // The north pole's cap spans every longitude, so the union does too.
        Assert.Equal([-180, 180], new[] { Extent(collection)[0], Extent(collection)[2] });
        for (var stage = 1; stage <= 4; stage++)
            Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", stage, default));
        Assert.Empty(Directory.EnumerateFiles(Output, ".*", SearchOption.AllDirectories)); // no temporary file left
    }

    [Fact]
    public async Task Run_RastersEitherSideOfTheAntimeridian_CollectionExtentIsTheirUnionAcrossIt()
    {
        await TestRasters.AntimeridianAsync(Path.Combine(Input, "a.tif"));
        await TestRasters.AntimeridianUtmAsync(Path.Combine(Input, "b.tif"));
        await TestRasters.Utm33Async(Path.Combine(Input, "c.tif"));

        var job = await RunAsync(Parameters());

        Assert.Equal(JobStatus.Completed, job.Status);
        var (collection, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        var byId = items.ToDictionary(i => i.Item["id"]!.GetValue<string>());
        // The widest gap no raster covers runs from -170 (a's east) to 15 (c's west): the union goes the other way round.
        Assert.Equal([Bbox(byId["c"])[0], -10, -170, Bbox(byId["b"])[3]], Extent(collection));
    }

    [Fact]
    public async Task Run_Again_KeepsTheCompleteCogsOfTheFirstRunInsteadOfConvertingAgain()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(Input, "b.tif"));
        var first = await RunAsync(Parameters());
        var written = Directory.EnumerateFiles(Output, "*.tif").ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = await RunAsync(Parameters(), runKey: "again");

        Assert.Equal(JobStatus.Completed, first.Status);
        Assert.Equal(JobStatus.Completed, second.Status);
        Assert.NotEqual(first.JobId, second.JobId);
        Assert.Equal((0, 2), (second.Result!["converted"]!.GetValue<int>(), second.Result["reused"]!.GetValue<int>()));
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
        var results = (await fixture.Client.ListTasksAsync(second.JobId, stage: 3)).Select(t => t.Result!).ToList();
        Assert.All(results, r => Assert.True(r["reused"]!.GetValue<bool>()));
        Assert.All(results, r => Assert.Equal(2, r["gdal_runs"]!.GetValue<int>())); // GDALInfo of the output, the footprint: no GDALTranslate
        await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
    }

    [Fact]
    public async Task Run_ConversionKilledMidway_IsRetriedAndLeavesOneValidCogAndNoTemporaryFile()
    {
        // Big enough (and LANCZOS overviews slow enough) that the conversion can be caught running.
        await TestRasters.Utm33Async(Path.Combine(Input, "big.tif"), size: 4000);
        var stale = Path.Combine(Output, ".big.tif.1-0123456789abcdef.tmp");
        Directory.CreateDirectory(Output);
        await File.WriteAllTextAsync(stale, "left behind by a worker that died mid-conversion");
        var submission = await fixture.Client.SubmitAsync("raster_to_cog", Parameters(("overview_resampling", "LANCZOS"), ("blocksize", 256)));
        using var stop = new CancellationTokenSource();
        var worker = fixture.CreateWorker(concurrency: 1).RunAsync(stop.Token);
        try
        {
            var killed = await KillWhenRunningAsync(Path.Combine(Output, ".big.tif"));
            var job = await fixture.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(120));

            Assert.True(killed);
            Assert.Equal(JobStatus.Completed, job.Status);
            var convert = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId, stage: 3));
            Assert.Equal(2, convert.Attempts);
            Assert.False(convert.Result!["reused"]!.GetValue<bool>());
            var info = await GdalInfoReader.ReadAsync(GdalRunner.Default, Path.Combine(Output, "big.tif"), CancellationToken.None);
            Assert.Empty(CogCheck.Problems(info, 256));
            Assert.Empty(Directory.EnumerateFiles(Output, ".*"));
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }
    }

    [Fact]
    public async Task Run_WithTargetCrs_ReprojectsAndCataloguesTheNewCrs()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "utm.tif"));

        var job = await RunAsync(Parameters(("target_crs", "EPSG:4326")));

        Assert.Equal(JobStatus.Completed, job.Status);
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        var item = Assert.Single(items);
        Assert.Equal(4326, item.Info.Crs!.Epsg);
        Assert.Equal(4326, item.Item["properties"]!["proj:epsg"]!.GetValue<int>());
        // The same ground as the source's footprint, now in degrees: its native bbox is its WGS84 bbox.
        var bbox = Bbox(item);
        var native = item.Item["properties"]!["proj:bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(bbox, native.Select(v => Math.Round(v, 7)).ToArray());
        Assert.InRange(bbox[0], 14.99, 15.01);
        Assert.InRange(bbox[3], 45.15, 45.16);
    }

    [Fact]
    public async Task Run_ForeignFileAtAnOutputPath_FailsItsFileUnlessOverwrite()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        Directory.CreateDirectory(Output);
        await File.WriteAllTextAsync(Path.Combine(Output, "a.tif"), "someone else's file");

        var refused = await RunAsync(Parameters());
        var replaced = await RunAsync(Parameters(("overwrite", true)));

        Assert.Equal(JobStatus.Failed, refused.Status);
        Assert.Contains("exists and is not the COG this job makes", refused.Error);
        Assert.Contains("overwrite=true", refused.Error);
        Assert.Equal(JobStatus.Completed, replaced.Status);
        await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
    }

    [Theory]
    [InlineData("text", "not recognized as a supported file format")]
    [InlineData("corrupt", "IReadBlock failed")]
    [InlineData("jpeg_float", "JPEG")]
    public async Task Run_FileGdalCannotConvert_FailsPermanentlyNamingTheFileWithGdalsMessage(string kind, string gdalSays)
    {
        var path = Path.Combine(Input, "bad.tif");
        var extra = new List<(string, JsonNode?)>();
        switch (kind)
        {
            case "text": await TestRasters.NotARasterAsync(path); break;
            case "corrupt": await TestRasters.CorruptAsync(path); break;
            default: await TestRasters.NanNodataAsync(path); extra.Add(("compression", "JPEG")); break;
        }

        var job = await RunAsync(Parameters([.. extra]));

        Assert.Equal(JobStatus.Failed, job.Status);
        var failed = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId, stage: 3), t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains(path, failed.ErrorMessage);
        Assert.Contains(gdalSays, failed.ErrorMessage);
        Assert.False(File.Exists(Path.Combine(Output, "bad.tif")));
        Assert.Empty(Directory.EnumerateFiles(Output, ".*"));
    }

    [Fact]
    public async Task Run_CorruptFileWithinMaxFailedFiles_CompletesWithErrorsListingTheFileAndCataloguesTheRest()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        var corrupt = await TestRasters.CorruptAsync(Path.Combine(Input, "b.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(Input, "c.tif"));

        var job = await RunAsync(Parameters(("max_failed_files", 1)));

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal((3, 2, 1), (job.Result!["files"]!.GetValue<int>(), job.Result["converted"]!.GetValue<int>(), job.Result["failed"]!.GetValue<int>()));
        var failure = Assert.Single(job.Result["failed_tasks"]!.AsArray())!;
        Assert.Equal(corrupt, failure["file"]!.GetValue<string>());
        Assert.Contains("IReadBlock failed", failure["error_message"]!.GetValue<string>());
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        Assert.Equal(["a", "c"], items.Select(i => i.Item["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(Output, "b.tif")));
    }

    [Fact]
    public async Task Run_MoreBadFilesThanMaxFailedFiles_FailsTheJobAndWritesNoCatalogue()
    {
        await TestRasters.CorruptAsync(Path.Combine(Input, "a.tif"));
        await TestRasters.NotARasterAsync(Path.Combine(Input, "b.tif"));
        await TestRasters.Utm33Async(Path.Combine(Input, "c.tif"));

        var job = await RunAsync(Parameters(("max_failed_files", 1)), concurrency: 1);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("tolerates 1 failed task; this is one more", job.Error);
        Assert.False(File.Exists(Path.Combine(Output, "collection.json")));
    }

    [Fact]
    public async Task Run_NoFileMatches_FailsTheJobSayingWhatWasLookedFor()
    {
        Directory.CreateDirectory(Input);
        await File.WriteAllTextAsync(Path.Combine(Input, "readme.md"), "no rasters here");

        var job = await RunAsync(Parameters(("source", new JsonArray(Path.Combine(Input, "*.img")))));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"No file in '{Input}' matches *.img", job.Error);
    }

    /// <summary>Waits for <paramref name="tool"/> to run on <paramref name="input"/>, then kills it (SIGKILL), as the OOM killer or an operator would.</summary>
    /// <summary>SIGKILLs the GDAL host writing a file under <paramref name="outputPrefix"/> (the temporary COG); false when none was seen.</summary>
    private static async Task<bool> KillWhenRunningAsync(string outputPrefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (GdalProcesses.HostsWithOpen(outputPrefix).Any(GdalProcesses.Kill)) return true;
            await Task.Delay(10);
        }
        return false;
    }

    private static double[] Bbox(StacCheck.CheckedItem item) => item.Item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    private static double[] Extent(JsonObject collection) =>
        collection["extent"]!["spatial"]!["bbox"]![0]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
