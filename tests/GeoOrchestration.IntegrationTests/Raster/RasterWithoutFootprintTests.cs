using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

/// <summary>
/// A raster GDAL converts but cannot place on Earth (a valid CRS of Mars, which PROJ will not
/// transform to WGS84) gets its COG and an Item without geometry, and the job says why; only a
/// failure to convert fails a file. Real rasters made with GDAL, real workers.
/// </summary>
public sealed class RasterWithoutFootprintTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-no-footprint");

    public void Dispose() => _folder.Dispose();

    private string Input => Path.Combine(_folder.Path, "in");
    private string Output => Path.Combine(_folder.Path, "out");

    private async Task<JobRecord> RunAsync(string jobType, string destination)
    {
        var parameters = new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = destination };
        if (jobType == "raster_to_cog") parameters["blocksize"] = 128;
        var submission = await fixture.Client.SubmitAsync(jobType, parameters);
        return await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);
    }

    [Theory]
    [InlineData("geotransform")]
    [InlineData("gcps")]
    public async Task RasterToCog_RasterOnMars_GetsItsCogAndAnItemWithoutGeometryAndTheJobSaysWhy(string georeferencing)
    {
        var mars = georeferencing == "geotransform"
            ? await TestRasters.MarsAsync(Path.Combine(Input, "mars.tif"))
            : await TestRasters.MarsGcpAsync(Path.Combine(Input, "mars.tif"));
        var plain = await TestRasters.UngeoreferencedAsync(Path.Combine(Input, "plain.tif"));
        await TestRasters.Utm33Async(Path.Combine(Input, "utm.tif"));

        var job = await RunAsync("raster_to_cog", Output);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal((3, 3), (job.Result!["converted"]!.GetValue<int>(), job.Result["items"]!.GetValue<int>()));
        var (collection, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        var byId = items.ToDictionary(i => i.Item["id"]!.GetValue<string>());
        var item = byId["mars"];
        Assert.Empty(CogCheck.Problems(item.Info, 128));
        Assert.Null(item.Item["geometry"]);
        Assert.False(item.Item.ContainsKey("bbox"));
        var properties = item.Item["properties"]!.AsObject();
        Assert.True(properties.ContainsKey("proj:epsg"));
        Assert.Null(properties["proj:epsg"]);
        if (georeferencing == "geotransform")
        {
            Assert.Contains("3396190", properties["proj:wkt2"]!.GetValue<string>()); // Mars's radius: its own CRS
            Assert.Equal(4, properties["proj:bbox"]!.AsArray().Count);
        }
        var task = (await fixture.Client.ListTasksAsync(job.JobId, stage: 3)).Single(t => t.Result!["source"]!.GetValue<string>() == mars);
        Assert.Contains("same celestial body", task.Result!["no_footprint"]!.GetValue<string>());
        Assert.Null(task.Result["geometry"]);
        var unplaced = job.Result["no_footprint_files"]!.AsArray().ToDictionary(f => f!["file"]!.GetValue<string>(), f => f!["reason"]!.GetValue<string>());
        Assert.Equal(2, job.Result["no_footprint"]!.GetValue<int>());
        Assert.Contains("same celestial body", unplaced[mars]);
        Assert.Contains("no georeferencing", unplaced[plain]);
        // The Collection's extent is the one raster on Earth's.
        var extent = collection["extent"]!["spatial"]!["bbox"]![0]!.AsArray().Select(v => v!.GetValue<double>());
        Assert.Equal(byId["utm"].Item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()), extent);
    }

    [Fact]
    public async Task RasterInventory_RasterOnMars_IsCataloguedWithoutGeometryAndTheJobSaysWhy()
    {
        var mars = await TestRasters.MarsAsync(Path.Combine(Input, "mars.tif"));

        var job = await RunAsync("raster_inventory", Input);

        Assert.Equal(JobStatus.Completed, job.Status);
        var (collection, items) = await StacCheck.LoadAsync(Path.Combine(Input, "collection.json"));
        var item = Assert.Single(items);
        Assert.Equal(mars, item.Asset);
        Assert.Null(item.Item["geometry"]);
        Assert.False(item.Item.ContainsKey("bbox"));
        Assert.Contains("3396190", item.Item["properties"]!["proj:wkt2"]!.GetValue<string>());
        var unplaced = Assert.Single(job.Result!["no_footprint_files"]!.AsArray())!;
        Assert.Equal(mars, unplaced["file"]!.GetValue<string>());
        Assert.Contains("same celestial body", unplaced["reason"]!.GetValue<string>());
        // No Item is on Earth: the extent is the whole globe, as STAC needs one.
        Assert.Equal([-180, -90, 180, 90], collection["extent"]!["spatial"]!["bbox"]![0]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public async Task RasterToCog_RasterWithDatetimesNoParserReads_GetsItsCogAndTheProcessingTime()
    {
        // After the conversion, nothing the raster says about itself fails its file: times that
        // are no time are left out, as if the raster had none.
        await GdalRunner.Default.RunAsync("gdal_create", ["-q", "-of", "GTiff", "-outsize", "64", "64", "-bands", "1", "-ot", "Byte",
            "-a_srs", "EPSG:4326", "-a_ullr", "5", "52", "6", "51", "-mo", "TIFFTAG_DATETIME=2021:13:45 99:99:99",
            "-mo", "ACQUISITIONDATETIME=yesterday at noon", Directory.CreateDirectory(Input).FullName + "/odd.tif"], "odd.tif", CancellationToken.None);

        var job = await RunAsync("raster_to_cog", Output);

        Assert.Equal(JobStatus.Completed, job.Status);
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(Output, "collection.json"));
        var properties = Assert.Single(items).Item["properties"]!;
        Assert.Equal(properties["created"]!.GetValue<string>(), properties["datetime"]!.GetValue<string>());
    }
}
