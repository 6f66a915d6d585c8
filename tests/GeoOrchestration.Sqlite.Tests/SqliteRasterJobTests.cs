using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// raster_to_cog on the embedded store, through a real worker (the PostgreSQL suite checks the
/// catalogue field by field; this one checks the same run ends the same way here).
/// </summary>
public sealed class SqliteRasterJobTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private string Input => Path.Combine(_folder.Folder, "in");
    private string Output => Path.Combine(_folder.Folder, "out");

    private static Task CreateAsync(string path, params string[] arguments) =>
        GdalRunner.Default.RunAsync("gdal_create", ["-q", "-of", "GTiff", .. arguments, path], path, CancellationToken.None);

    [Fact]
    public async Task RasterToCog_WithACorruptFileWithinMaxFailedFiles_EndsCompletedWithErrorsAndACatalogueOfTheRest()
    {
        Directory.CreateDirectory(Input);
        await CreateAsync(Path.Combine(Input, "utm.tif"), "-outsize", "256", "256", "-ot", "Byte", "-burn", "7",
            "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", "507680", "4992320");
        await CreateAsync(Path.Combine(Input, "antimeridian.tif"), "-outsize", "200", "100", "-ot", "Float32", "-burn", "1", "-a_nodata", "nan",
            "-a_srs", "EPSG:4326", "-a_ullr", "170", "10", "190", "-10");
        var whole = Path.Combine(_folder.Folder, "whole.tif");
        await CreateAsync(whole, "-outsize", "256", "256", "-ot", "Byte", "-burn", "3", "-a_srs", "EPSG:32633", "-a_ullr", "0", "256", "256", "0");
        var corrupt = Path.Combine(Input, "corrupt.tif");
        await File.WriteAllBytesAsync(corrupt, (await File.ReadAllBytesAsync(whole))[..3000]);
        var client = new GeoClient(_folder.Store(), Registry);

        var (_, job) = await client.RunAsync(client.PrepareSubmission("raster_to_cog",
            new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Output, ["blocksize"] = 128, ["max_failed_files"] = 1 }),
            new RunOptions { Worker = new WorkerOptions { Concurrency = 2 }, Timeout = TimeSpan.FromSeconds(120) });

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var failure = Assert.Single(job.Result!["failed_tasks"]!.AsArray())!;
        Assert.Equal(corrupt, failure["file"]!.GetValue<string>());
        Assert.Contains("ERROR 1:", failure["error_message"]!.GetValue<string>());
        var collection = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Output, "collection.json")))!;
        var items = collection["links"]!.AsArray().Where(l => l!["rel"]!.GetValue<string>() == "item")
            .Select(l => StacHref.Resolve(Path.Combine(Output, "collection.json"), l!["href"]!.GetValue<string>())).ToList();
        Assert.Equal([Path.Combine(Output, "antimeridian.item.json"), Path.Combine(Output, "utm.item.json")], items.Order(StringComparer.Ordinal));
        foreach (var itemPath in items)
        {
            var item = JsonNode.Parse(await File.ReadAllTextAsync(itemPath))!;
            var asset = StacHref.Resolve(itemPath, item["assets"]!["data"]!["href"]!.GetValue<string>());
            var info = await GdalInfoReader.ReadAsync(GdalRunner.Default, asset, CancellationToken.None);
            Assert.Empty(CogCheck.Problems(info, 128));
            Assert.Equal("1220" + Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(asset))).ToLowerInvariant(),
                item["assets"]!["data"]!["file:checksum"]!.GetValue<string>());
        }
        var antimeridian = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Output, "antimeridian.item.json")))!;
        Assert.Equal([170.0, -10, -170, 10], antimeridian["bbox"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal("nan", antimeridian["assets"]!["data"]!["raster:bands"]![0]!["nodata"]!.GetValue<string>());
    }
}
