using System.Text.Json.Nodes;
using GeoOrchestration.ContainerTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.ContainerTests;

/// <summary>
/// A <c>raster_to_cog</c> job run by a <c>geoorch</c> worker container alone, with the GDAL of its
/// image, on GeoTIFFs this test makes on the host in a folder bind-mounted at the same path (so the
/// paths the job names are valid on both sides). The COGs and the STAC catalogue are checked on the
/// host, with the host's GDAL, as any reader of them would.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class RasterInContainerTests(ContainerFixture fixture) : IDisposable
{
    private readonly TempFolder _folder = new("geoorch-ct-raster");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RasterToCog_InTheGeoorchImage_WritesValidCogsAndACatalogueAsTheImagesUser()
    {
        var input = Path.Combine(_folder.Path, "in");
        var output = Path.Combine(_folder.Path, "out");
        await TestRasters.Utm33Async(Path.Combine(input, "utm33.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(input, "nan_nodata.tif"));
        await TestRasters.RgbWithDatetimeAsync(Path.Combine(input, "rgb.tif"));
        Directory.CreateDirectory(output);
        // The image's user (UID 1654) writes the COGs: the output folder is open to it, whoever runs the tests.
        await ProcessRun.RunAsync("chmod", ["0777", _folder.Path, output], TimeSpan.FromSeconds(30));

        await using var database = await fixture.CreateDatabaseAsync("raster");
        var worker = await WorkerContainer.RunAsync(fixture, ContainerImages.Geoorch, "geoorch-raster",
            new Dictionary<string, string> { ["GEO_CONNECTION"] = database.ConnectionString, ["GEO_CONCURRENCY"] = "2" },
            ["--volume", $"{_folder.Path}:{_folder.Path}"]);
        try
        {
            await worker.WaitStartedAsync(TimeSpan.FromMinutes(3));
            var gdal = await worker.ExecAsync("gdalinfo", "--version");
            fixture.Say($"raster: the image's GDAL: {gdal.Output}");
            Assert.True(gdal.ExitCode == 0, $"gdalinfo in {worker}: {gdal.Output}");

            var submission = await database.Client.SubmitAsync("raster_to_cog",
                new JsonObject { ["source"] = new JsonArray(input), ["destination"] = output, ["blocksize"] = 128 });
            var job = await database.Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromMinutes(4));

            Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}\n{await worker.DescribeAsync()}");
            Assert.Equal(3, job.Result!["converted"]!.GetValue<int>());
            var (_, items) = await StacCheck.LoadAsync(Path.Combine(output, "collection.json"));
            Assert.Equal(3, items.Count);
            foreach (var item in items)
            {
                Assert.Empty(CogCheck.Problems(item.Info, 128));
                // Written in the container, by its user: no worker ran anywhere else.
                Assert.Equal(ContainerImages.AppUid, await OwnerAsync(item.Asset));
            }
            Assert.Equal(ContainerImages.AppUid, await OwnerAsync(Path.Combine(output, "collection.json")));
        }
        finally
        {
            await worker.RemoveAsync();
        }
    }

    private static async Task<int> OwnerAsync(string path)
    {
        var stat = await ProcessRun.RunAsync("stat", ["-c", "%u", path], TimeSpan.FromSeconds(30));
        return int.Parse(stat.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
