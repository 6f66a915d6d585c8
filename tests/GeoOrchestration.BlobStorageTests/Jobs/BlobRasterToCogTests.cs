using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.BlobStorageTests.Jobs.Support;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Jobs;

/// <summary>
/// raster_to_cog with blob sources and destinations, run by the real geoorch against Azurite: the
/// same rasters as the folder tests, converted both ways and compared field by field.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRasterToCogTests(AzuriteServer azurite) : IDisposable
{
    /// <summary>raster_to_cog's stages: inventory, listing, convert, catalog.</summary>
    private const int ConvertStage = 3;

    private readonly TempFolder _folder = new("blob-raster-to-cog");
    private readonly BlobJobs _jobs = new(azurite);

    public void Dispose()
    {
        _jobs.Dispose();
        _folder.Dispose();
    }

    private string Input => Path.Combine(_folder.Path, "in");
    private string Work => Directory.CreateDirectory(Path.Combine(_folder.Path, "work")).FullName;

    [Fact]
    public async Task Run_BlobToBlob_SameRastersAsTheFolderRun_CatalogueMatchesTheBlobsAndTheFolderCatalogueFieldByField()
    {
        await RasterSets.VariedAsync(Input);
        var source = azurite.NewContainer("src");
        var destination = azurite.NewContainer("dst");
        await BlobFolders.UploadAsync(Input, source, "scenes/");
        var folderOut = Path.Combine(_folder.Path, "out");

        var (folderRun, folderJob) = await _jobs.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(Input), ["destination"] = folderOut, ["recursive"] = true, ["blocksize"] = 128,
        });
        var (blobRun, blobJob) = await _jobs.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name, "scenes")), ["destination"] = AzuriteServer.Az(destination.Name, "cogs"),
            ["recursive"] = true, ["blocksize"] = 128,
        });

        Assert.True(folderRun.ExitCode == 0, folderRun.Stderr);
        Assert.True(blobRun.ExitCode == 0, blobRun.Stderr);
        var result = blobJob["result"]!;
        Assert.Equal((RasterSets.VariedCount, RasterSets.VariedCount), (result["files"]!.GetValue<int>(), result["converted"]!.GetValue<int>()));
        Assert.Equal(BlobCatalogue.UrlOf(destination, "cogs/collection.json"), result["catalog"]!.GetValue<string>());
        var (collection, items) = await BlobCatalogue.LoadAsync(destination, "cogs/collection.json", Work);
        Assert.Equal("cogs", collection["id"]!.GetValue<string>());
        Assert.Equal(RasterSets.VariedCount, items.Count);
        foreach (var item in items)
        {
            Assert.Empty(CogCheck.Problems(item.Info, 128));
            var properties = (await destination.GetBlobClient(BlobCatalogue.NameOf(destination, item.AssetUrl)).GetPropertiesAsync()).Value;
            Assert.Equal(StacValues.CogMediaType, properties.ContentType);
            Assert.True(properties.ContentHash is { Length: 16 }, $"{item.AssetUrl} has no Content-MD5");
        }
        var byId = items.ToDictionary(i => i.Item["id"]!.GetValue<string>());
        Assert.Equal(BlobCatalogue.UrlOf(destination, "cogs/sub/rgb.tif"), byId["sub_rgb"].AssetUrl);
        Assert.Equal(BlobCatalogue.UrlOf(destination, "cogs/sub/rgb.item.json"), byId["sub_rgb"].Url);

        // The folder run of the same rasters is the oracle for everything but where the files are.
        var folderItems = Directory.EnumerateFiles(folderOut, "*.item.json", SearchOption.AllDirectories)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToDictionary(i => i["id"]!.GetValue<string>());
        Assert.Equal(folderItems.Keys.Order(), byId.Keys.Order());
        foreach (var (id, expected) in folderItems)
            AssertSameFacts(expected, byId[id].Item);
        Assert.True(JsonNode.DeepEquals(SpatialExtent(StacCheckRead(Path.Combine(folderOut, "collection.json"))), SpatialExtent(collection)));

        // Exactly the COGs, their Items and the Collection: no temporary or half blob.
        var names = await BlobFolders.NamesAsync(destination);
        Assert.Equal(2 * RasterSets.VariedCount + 1, names.Count);
        Assert.All(names, n => Assert.True(n.EndsWith(".tif") || n.EndsWith(".item.json") || n == "cogs/collection.json", n));
        Assert.Equal(folderJob["result"]!["files"]!.GetValue<int>(), result["files"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_Again_KeepsTheCommittedCogsOfTheFirstRunInsteadOfConvertingAgain()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        await TestRasters.NanNodataAsync(Path.Combine(Input, "b.tif"));
        var source = azurite.NewContainer("src");
        var destination = azurite.NewContainer("dst");
        await BlobFolders.UploadAsync(Input, source);
        var parameters = new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name)), ["destination"] = AzuriteServer.Az(destination.Name), ["blocksize"] = 128,
        };

        var (_, first) = await _jobs.RunAsync("raster_to_cog", parameters);
        var written = await BlobFolders.ETagsAsync(destination, ".tif");
        var (_, second) = await _jobs.RunAsync("raster_to_cog", parameters, "--run-key", "again");

        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal("completed", second["status"]!.GetValue<string>());
        Assert.NotEqual(first["jobId"]!.GetValue<string>(), second["jobId"]!.GetValue<string>());
        Assert.Equal((0, 2), (second["result"]!["converted"]!.GetValue<int>(), second["result"]!["reused"]!.GetValue<int>()));
        Assert.Equal(written, await BlobFolders.ETagsAsync(destination, ".tif"));
        var results = (await _jobs.TasksAsync(second["jobId"]!.GetValue<string>(), ConvertStage)).Select(t => t!["result"]!).ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r["reused"]!.GetValue<bool>()));
        Assert.All(results, r => Assert.Equal(2, r["gdal_runs"]!.GetValue<int>())); // GDALInfo of the output, the footprint: no GDALTranslate
        await BlobCatalogue.LoadAsync(destination, "collection.json", Work);
    }

    [Fact]
    public async Task Run_ForeignBlobAtAnOutputName_FailsItsFileUnlessOverwrite()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        var destination = azurite.NewContainer("dst");
        await destination.GetBlobClient("a.tif").UploadAsync(new BinaryData("someone else's blob"));
        var parameters = new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = AzuriteServer.Az(destination.Name), ["blocksize"] = 128 };

        var (_, refused) = await _jobs.RunAsync("raster_to_cog", parameters);
        var untouched = (await destination.GetBlobClient("a.tif").DownloadContentAsync()).Value.Content.ToString();
        parameters["overwrite"] = true;
        var (_, replaced) = await _jobs.RunAsync("raster_to_cog", parameters);

        Assert.Equal("failed", refused["status"]!.GetValue<string>());
        Assert.Contains("exists and is not the COG this job makes", refused["error"]!.GetValue<string>());
        Assert.Equal("someone else's blob", untouched);
        Assert.Equal("completed", replaced["status"]!.GetValue<string>());
        await BlobCatalogue.LoadAsync(destination, "collection.json", Work);
    }

    [Fact]
    public async Task Run_FolderToBlobAndBlobListToFolder_BothWork_AndLocalCataloguesKeepRelativeHrefs()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"));
        await TestRasters.RgbWithDatetimeAsync(Path.Combine(Input, "b.tif"));
        var source = azurite.NewContainer("src");
        var destination = azurite.NewContainer("dst");
        await BlobFolders.UploadAsync(Input, source, "in/");
        var folderOut = Path.Combine(_folder.Path, "out");

        var (_, toBlob) = await _jobs.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(Input), ["destination"] = AzuriteServer.Az(destination.Name, "cogs"), ["blocksize"] = 128,
        });
        var listed = new JsonArray(BlobCatalogue.UrlOf(source, "in/a.tif"), BlobCatalogue.UrlOf(source, "in/b.tif"));
        var (_, toFolder) = await _jobs.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = listed, ["destination"] = folderOut, ["blocksize"] = 128,
        });

        Assert.Equal("completed", toBlob["status"]!.GetValue<string>());
        Assert.Equal("completed", toFolder["status"]!.GetValue<string>());
        var (_, items) = await BlobCatalogue.LoadAsync(destination, "cogs/collection.json", Work);
        Assert.Equal(2, items.Count);
        var item = StacCheckRead(Path.Combine(folderOut, "a.item.json"));
        Assert.Equal("./a.tif", item["assets"]!["data"]!["href"]!.GetValue<string>());
        Assert.Equal("./collection.json", BlobCatalogue.Link(item, "root"));
        var tasks = await _jobs.TasksAsync(toFolder["jobId"]!.GetValue<string>(), ConvertStage);
        Assert.Equal(listed.Select(u => u!.GetValue<string>()).Order(), tasks.Select(t => t!["result"]!["source"]!.GetValue<string>()).Order());
        Assert.Empty(CogCheck.Problems(await GeoOrchestration.Jobs.Gdal.GdalInfoReader.ReadAsync(
            GeoOrchestration.Jobs.Gdal.GdalRunner.Default, Path.Combine(folderOut, "a.tif"), CancellationToken.None), 128));
    }

    /// <summary>Everything a catalogue says of a raster, apart from where the files are and when it was processed.</summary>
    private static void AssertSameFacts(JsonObject expected, JsonObject actual)
    {
        var id = expected["id"]!.GetValue<string>();
        foreach (var key in new[] { "type", "stac_version", "stac_extensions", "geometry", "bbox" })
            Assert.True(JsonNode.DeepEquals(expected[key], actual[key]), $"{id}: {key} {expected[key]?.ToJsonString()} != {actual[key]?.ToJsonString()}");
        var (p, q) = (expected["properties"]!.AsObject(), actual["properties"]!.AsObject());
        Assert.Equal(p.Select(e => e.Key).Order(), q.Select(e => e.Key).Order());
        foreach (var (key, value) in p.Where(e => e.Key is not ("created" or "datetime")))
            Assert.True(JsonNode.DeepEquals(value, q[key]), $"{id}: properties.{key} {value?.ToJsonString()} != {q[key]?.ToJsonString()}");
        // The raster's own datetime when it has one (else each run's processing time).
        if (p["datetime"]!.GetValue<string>() != p["created"]!.GetValue<string>())
            Assert.Equal(p["datetime"]!.GetValue<string>(), q["datetime"]!.GetValue<string>());
        var (a, b) = (expected["assets"]!["data"]!.AsObject(), actual["assets"]!["data"]!.AsObject());
        foreach (var key in new[] { "type", "roles", "raster:bands" })
            Assert.True(JsonNode.DeepEquals(a[key], b[key]), $"{id}: assets.data.{key} {a[key]?.ToJsonString()} != {b[key]?.ToJsonString()}");
        Assert.Equal(expected["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()), actual["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()));
    }

    private static JsonObject StacCheckRead(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static JsonNode SpatialExtent(JsonObject collection) => collection["extent"]!["spatial"]!;
}
