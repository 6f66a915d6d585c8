using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// The paged hand-off on a container through the real engine (a <c>geoorch</c> process on the
/// embedded store): page bounds, one <c>listing</c> task per page, one task per blob in name order.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobPagingRunTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-paging-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RasterInventory_ContainerOf2500Blobs_ThreeListingPagesAndOneDescribeTaskPerBlobInNameOrder()
    {
        var container = azurite.NewContainer("plan");
        // Numbered so that name order is not upload order's; and one blob that is not a raster.
        var names = ManyBlobs.Numbered("scenes/", 2500).Select((n, i) => i % 2 == 0 ? n : n.Replace("scenes/", "scenes/sub/")).ToList();
        await ManyBlobs.UploadAsync(container, names.AsEnumerable().Reverse().Append("scenes/readme.txt"));
        var expected = names.Order(StringComparer.Ordinal).ToList();
        var geoorch = new AzuriteGeoorch(azurite, _folder);

        // The blobs are not rasters: the first describe task fails the job, after the planning checked here.
        var run = await geoorch.RunAsync("raster_inventory", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(container.Name, "scenes")),
            ["recursive"] = true,
            ["destination"] = Path.Combine(_folder, "catalog"),
        });

        Assert.True(run.Json["status"]?.GetValue<string>() == "failed", run.Stdout[..Math.Min(2000, run.Stdout.Length)] + run.Stderr);
        var jobId = run.Json["jobId"]!.GetValue<string>();
        var inventory = Assert.Single(await geoorch.TasksAsync(jobId, 1))["result"]!;
        Assert.Equal(2500, inventory["count"]!.GetValue<int>());
        // A page is one service page of 1,000 blobs less those that are not rasters: readme.txt is the
        // 1,251st blob (after scenes/r02498.tif, before scenes/sub/), so the second page holds 999.
        Assert.Equal([1000, 999, 501], inventory["pages"]!.AsArray().Select(p => p!["count"]!.GetValue<int>()));
        Assert.Equal([expected[999], expected[1998], expected[2499]], inventory["pages"]!.AsArray().Select(p => p!["last"]!.GetValue<string>()));
        var listing = await geoorch.TasksAsync(jobId, 2);
        Assert.Equal(["raster_page"], listing.Select(t => t["taskType"]!.GetValue<string>()).Distinct());
        Assert.Equal([1000, 999, 501], listing.Select(t => t["result"]!["files"]!.AsArray().Count));

        var perBlob = await geoorch.TasksAsync(jobId, 3);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"{i}"), perBlob.Select(t => t["taskKey"]!.GetValue<string>()));
        var parameters = perBlob.Select(t => t["parameters"]!).ToList();
        Assert.Equal(expected.Select(n => n["scenes/".Length..^4]), parameters.Select(p => p["name"]!.GetValue<string>()));
        Assert.Equal(expected.Select(n => n["scenes/".Length..^4].Replace('/', '_')), parameters.Select(p => p["item_id"]!.GetValue<string>()));
        Assert.Equal(expected.Select(n => $"{azurite.BlobEndpoint}/{container.Name}/{n}"), parameters.Select(p => p["source"]!.GetValue<string>()));
    }
}
