using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// <c>blob_inventory</c> on Azurite through a <c>geoorch</c> process: every field of every blob, the
/// result's counts and raster URLs, and that list used as <c>raster_to_cog</c>'s source.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobInventoryRunTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-inventory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url(BlobContainerClient container, string name) => $"{azurite.BlobEndpoint}/{container.Name}/{name}";

    // scenes/broken.tif (text), scenes/nomd5.tif (block list, no Content-MD5), scenes/notes.txt, scenes/sub/cog.tif, scenes/utm.tif.
    private async Task<(BlobContainerClient Container, Dictionary<string, byte[]> Bytes)> ArrangeAsync()
    {
        var container = azurite.NewContainer("inv");
        var bytes = new Dictionary<string, byte[]>
        {
            ["scenes/utm.tif"] = await File.ReadAllBytesAsync(await TestRasters.Utm33Async(Path.Combine(_folder, "utm.tif"))),
            ["scenes/sub/cog.tif"] = await File.ReadAllBytesAsync(await TestRasters.CogAsync(Path.Combine(_folder, "cog.tif"))),
            ["scenes/nomd5.tif"] = await File.ReadAllBytesAsync(await TestRasters.Utm33Async(Path.Combine(_folder, "nomd5.tif"), size: 64)),
            ["scenes/broken.tif"] = await File.ReadAllBytesAsync(await TestRasters.NotARasterAsync(Path.Combine(_folder, "broken.tif"))),
            ["scenes/notes.txt"] = "field notes\n"u8.ToArray(),
        };
        foreach (var (name, data) in bytes.Where(b => b.Key != "scenes/nomd5.tif"))
            await container.GetBlobClient(name).UploadAsync(new BinaryData(data), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = name.EndsWith(".txt") ? "text/plain" : "image/tiff", ContentHash = MD5.HashData(data) },
            });
        // Staged and committed without a Content-MD5, as large uploads by other tools are.
        var block = container.GetBlockBlobClient("scenes/nomd5.tif");
        var id = Convert.ToBase64String("block-0"u8);
        await block.StageBlockAsync(id, new MemoryStream(bytes["scenes/nomd5.tif"]));
        await block.CommitBlockListAsync([id], new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/tiff" } });
        return (container, bytes);
    }

    [Fact]
    public async Task BlobInventory_AContainerOfRastersAndOthers_RecordsEveryFieldOfEveryBlob()
    {
        var (container, bytes) = await ArrangeAsync();
        var geoorch = new AzuriteGeoorch(azurite, _folder);

        var run = await geoorch.RunAsync("blob_inventory", new JsonObject { ["source"] = AzuriteServer.Az(container.Name, "scenes") });

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = run.Json["result"]!;
        Assert.Equal(AzuriteServer.Az(container.Name, "scenes"), result["container"]!.GetValue<string>());
        Assert.Equal((5, 5, bytes.Values.Sum(b => (long)b.Length)), (result["listed"]!.GetValue<int>(), result["blobs"]!.GetValue<int>(), result["bytes"]!.GetValue<long>()));
        Assert.Equal(4, result["by_content_type"]!["image/tiff"]!["count"]!.GetValue<int>());
        Assert.Equal(bytes["scenes/notes.txt"].Length, result["by_content_type"]!["text/plain"]!["bytes"]!.GetValue<int>());
        Assert.Equal((3, 1), (result["raster_count"]!.GetValue<int>(), result["content_md5_computed"]!.GetValue<int>()));
        Assert.Equal([Url(container, "scenes/nomd5.tif"), Url(container, "scenes/sub/cog.tif"), Url(container, "scenes/utm.tif")],
            result["rasters"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(result["rasters_truncated"]!.GetValue<bool>());
        Assert.Equal(0, result["failed"]!.GetValue<int>());

        var described = (await geoorch.TasksAsync(run.Json["jobId"]!.GetValue<string>(), 3)).Select(t => t["result"]!).ToDictionary(r => r["name"]!.GetValue<string>());
        Assert.Equal(bytes.Keys.Order(StringComparer.Ordinal), described.Keys);
        foreach (var (name, data) in bytes)
        {
            var blob = described[name];
            var properties = (await container.GetBlobClient(name).GetPropertiesAsync()).Value;
            Assert.Equal(Url(container, name), blob["url"]!.GetValue<string>());
            Assert.Equal(data.Length, blob["bytes"]!.GetValue<long>());
            Assert.Equal(properties.ContentType, blob["content_type"]!.GetValue<string>());
            Assert.Equal(properties.LastModified.UtcDateTime, DateTime.Parse(blob["last_modified"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind), TimeSpan.FromMilliseconds(1));
            Assert.Equal(properties.ETag.ToString("H"), blob["etag"]!.GetValue<string>());
            Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), blob["content_md5"]!.GetValue<string>());
            Assert.Equal(name == "scenes/nomd5.tif", blob["content_md5_computed"]!.GetValue<bool>());
        }
        var utm = described["scenes/utm.tif"]["raster"]!;
        Assert.Equal(("GTiff", 256, 256, 1, "EPSG:32633", false), (utm["driver"]!.GetValue<string>(), utm["width"]!.GetValue<int>(),
            utm["height"]!.GetValue<int>(), utm["bands"]!.GetValue<int>(), utm["crs"]!.GetValue<string>(), utm["is_cog"]!.GetValue<bool>()));
        Assert.Equal(["Byte"], utm["data_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var bbox = utm["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(4, bbox.Length);
        Assert.InRange(bbox[0], 14.9, 15.1); // UTM 33N's easting 500000 is its central meridian, 15°E
        Assert.True(described["scenes/sub/cog.tif"]["raster"]!["is_cog"]!.GetValue<bool>());
        Assert.Equal(64, described["scenes/nomd5.tif"]["raster"]!["width"]!.GetValue<int>());
        Assert.Null(described["scenes/notes.txt"]["raster"]);
        Assert.Equal("not a raster by its name or content type (text/plain)", described["scenes/notes.txt"]["raster_reason"]!.GetValue<string>());
        Assert.Null(described["scenes/broken.tif"]["raster"]);
        Assert.StartsWith("GDAL cannot read it:", described["scenes/broken.tif"]["raster_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task BlobInventory_ItsRastersAsRasterToCogsSource_PlansOneConversionPerRasterBlob()
    {
        var (container, _) = await ArrangeAsync();
        var geoorch = new AzuriteGeoorch(azurite, _folder);
        var inventory = await geoorch.RunAsync("blob_inventory", new JsonObject { ["source"] = AzuriteServer.Az(container.Name, "scenes") });
        var rasters = inventory.Json["result"]!["rasters"]!.AsArray();

        var cog = await geoorch.RunAsync("raster_to_cog", new JsonObject
        {
            ["source"] = rasters.DeepClone(),
            ["destination"] = Path.Combine(_folder, "cogs"),
        });

        Assert.NotEqual("queued", cog.Json["status"]?.GetValue<string>());
        var jobId = cog.Json["jobId"]!.GetValue<string>();
        var inventoried = Assert.Single(await geoorch.TasksAsync(jobId, 1))["result"]!;
        Assert.Equal(3, inventoried["count"]!.GetValue<int>());
        var planned = (await geoorch.TasksAsync(jobId, 3)).Select(t => t["parameters"]!).ToList();
        Assert.Equal(rasters.Select(r => r!.GetValue<string>()), planned.Select(p => p["source"]!.GetValue<string>()));
        Assert.Equal(["nomd5", "cog", "utm"], planned.Select(p => p["name"]!.GetValue<string>()));
    }
}
