using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.BlobStorageTests.Jobs.Support;
using GeoOrchestration.Jobs.Storage;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Jobs;

/// <summary>raster_inventory on a container in place, and what a blob job keeps of its credentials (nothing).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRasterInventoryTests(AzuriteServer azurite) : IDisposable
{
    private readonly TempFolder _folder = new("blob-raster-inventory");

    public void Dispose() => _folder.Dispose();

    private string Work => Directory.CreateDirectory(Path.Combine(_folder.Path, "work")).FullName;

    [Fact]
    public async Task Inventory_InPlaceOnAContainer_WritesItemsBesideTheRasters_AssetsPointingAtTheBlobsUntouched()
    {
        var container = azurite.NewContainer("scenes");
        await container.GetBlobClient("2024/cog.tif").UploadAsync(await TestRasters.CogAsync(_folder.File("cog.tif")));
        await container.GetBlobClient("2024/plain.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("plain.tif")));
        await container.GetBlobClient("2024/notes.txt").UploadAsync(new BinaryData("not a raster"));
        var before = await BlobFolders.ETagsAsync(container);
        using var jobs = new BlobJobs(azurite);

        var (run, job) = await jobs.RunAsync("raster_inventory", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(container.Name, "2024")), ["destination"] = AzuriteServer.Az(container.Name, "2024"),
        });

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = job["result"]!;
        Assert.Equal((1, 1), (result["valid_cogs"]!.GetValue<int>(), result["not_cogs"]!.GetValue<int>()));
        Assert.Equal([BlobCatalogue.UrlOf(container, "2024/cog.tif")], result["valid_cog_files"]!.AsArray().Select(f => f!.GetValue<string>()));
        var (collection, items) = await BlobCatalogue.LoadAsync(container, "2024/collection.json", Work);
        Assert.Equal("2024", collection["id"]!.GetValue<string>());
        var byId = items.ToDictionary(i => i.Item["id"]!.GetValue<string>());
        Assert.Equal(BlobCatalogue.UrlOf(container, "2024/cog.tif"), byId["cog"].AssetUrl);
        Assert.Equal(BlobCatalogue.UrlOf(container, "2024/cog.item.json"), byId["cog"].Url);
        Assert.Equal(BlobCatalogue.UrlOf(container, "2024/plain.tif"), byId["plain"].AssetUrl);
        Assert.Equal(before, (await BlobFolders.ETagsAsync(container)).Where(e => before.ContainsKey(e.Key)).ToDictionary());
        Assert.Equal(["2024/cog.item.json", "2024/cog.tif", "2024/collection.json", "2024/notes.txt", "2024/plain.item.json", "2024/plain.tif"],
            (await BlobFolders.NamesAsync(container)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_WithASasConnectionString_KeepsNoSecretInParametersResultsTaskResultsLogOrCatalogue()
    {
        var source = azurite.NewContainer("src");
        var destination = azurite.NewContainer("dst");
        await source.GetBlobClient("a.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("a.tif")));
        var sas = azurite.Service().GenerateAccountSasUri(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All)
            .Query.TrimStart('?');
        var signature = System.Web.HttpUtility.ParseQueryString(sas)["sig"]!;
        using var jobs = new BlobJobs(azurite);
        jobs.Environment[BlobEnvironment.ConnectionStringVariable] = $"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={sas}";

        var (run, job) = await jobs.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name)), ["destination"] = AzuriteServer.Az(destination.Name), ["blocksize"] = 128,
        }, "--verbose");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var jobId = job["jobId"]!.GetValue<string>();
        var texts = new List<string> { run.Stdout, run.Stderr, (await jobs.JobAsync(jobId)).ToJsonString() };
        for (var stage = 1; stage <= 4; stage++) texts.Add((await jobs.TasksAsync(jobId, stage)).ToJsonString());
        foreach (var name in await BlobFolders.NamesAsync(destination))
            if (name.EndsWith(".json", StringComparison.Ordinal))
                texts.Add((await destination.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(3 + 4 + 2, texts.Count); // output, log and job; four stages' tasks; an Item and the Collection
        Assert.Contains(BlobCatalogue.UrlOf(destination, "a.tif"), texts[^1] + texts[^2]);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(signature, text);
            Assert.DoesNotContain(Uri.EscapeDataString(signature), text);
            Assert.DoesNotContain("sig=", text);
            Assert.DoesNotContain("SharedAccessSignature", text);
            Assert.DoesNotContain(BlobConnectionString.DevelopmentKey, text);
        }
    }
}
