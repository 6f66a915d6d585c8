using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.BlobStorageTests.Jobs.Support;

/// <summary>
/// Reads a catalogue in Blob Storage the way a STAC client would (collection.json by its URL, then
/// its links), checking each file against the blobs themselves: every href an absolute blob URL
/// that exists, the Content-Types, each asset's size and SHA-256 against its blob's bytes, and its
/// raster facts against gdalinfo of those bytes. Nothing is taken from the job's results.
/// </summary>
internal static class BlobCatalogue
{
    public sealed record CheckedItem(string Url, JsonObject Item, string AssetUrl, string LocalAsset, GdalInfo Info);

    /// <param name="container">The destination container.</param>
    /// <param name="collectionName">The Collection's blob name (<c>cogs/collection.json</c>).</param>
    /// <param name="work">A local folder for the downloaded assets.</param>
    public static async Task<(JsonObject Collection, IReadOnlyList<CheckedItem> Items)> LoadAsync(BlobContainerClient container, string collectionName, string work)
    {
        var collectionUrl = UrlOf(container, collectionName);
        var collection = await ReadAsync(container, collectionUrl, StacValues.JsonMediaType);
        Assert.Equal("Collection", collection["type"]!.GetValue<string>());
        Assert.Equal(collectionUrl, Link(collection, "root"));
        Assert.Equal(collectionUrl, Link(collection, "self"));
        var items = new List<CheckedItem>();
        foreach (var link in collection["links"]!.AsArray().Where(l => l!["rel"]!.GetValue<string>() == "item"))
        {
            Assert.Equal(StacValues.GeoJsonMediaType, link!["type"]!.GetValue<string>());
            items.Add(await CheckItemAsync(container, link["href"]!.GetValue<string>(), collectionUrl, collection["id"]!.GetValue<string>(), work));
        }
        return (collection, items);
    }

    private static async Task<CheckedItem> CheckItemAsync(BlobContainerClient container, string url, string collectionUrl, string collectionId, string work)
    {
        var item = await ReadAsync(container, url, StacValues.GeoJsonMediaType);
        Assert.Equal("Feature", item["type"]!.GetValue<string>());
        Assert.Equal(collectionId, item["collection"]!.GetValue<string>());
        foreach (var rel in new[] { "root", "parent", "collection" }) Assert.Equal(collectionUrl, Link(item, rel));
        Assert.Equal(url, Link(item, "self"));

        var asset = item["assets"]!["data"]!.AsObject();
        var assetUrl = asset["href"]!.GetValue<string>();
        var blob = container.GetBlobClient(NameOf(container, assetUrl));
        Assert.True((await blob.ExistsAsync()).Value, $"asset {assetUrl} of {url} is no blob");
        var properties = (await blob.GetPropertiesAsync()).Value;
        var local = Path.Combine(work, $"{Guid.NewGuid():N}{Path.GetExtension(assetUrl)}");
        await blob.DownloadToAsync(local);
        var bytes = await File.ReadAllBytesAsync(local);
        Assert.Equal(properties.ContentLength, bytes.Length);
        Assert.Equal(bytes.Length, asset["file:size"]!.GetValue<long>());
        Assert.Equal("1220" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), asset["file:checksum"]!.GetValue<string>());

        var info = await GdalInfoReader.ReadAsync(GdalRunner.Default, local, CancellationToken.None);
        Assert.Equal(info.IsCog ? StacValues.CogMediaType : StacValues.GeoTiffMediaType, asset["type"]!.GetValue<string>());
        var bands = asset["raster:bands"]!.AsArray();
        Assert.Equal(info.Bands.Count, bands.Count);
        for (var i = 0; i < bands.Count; i++)
            Assert.Equal(StacValues.DataType(info.Bands[i].DataType), bands[i]!["data_type"]!.GetValue<string>());
        var facts = item["properties"]!.AsObject();
        Assert.Equal([info.Height, info.Width], facts["proj:shape"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(info.Crs?.Epsg, facts["proj:epsg"]?.GetValue<int>());
        return new CheckedItem(url, item, assetUrl, local, info);
    }

    /// <summary>A catalogue blob by its URL: it exists, has <paramref name="contentType"/>, and parses.</summary>
    private static async Task<JsonObject> ReadAsync(BlobContainerClient container, string url, string contentType)
    {
        var blob = container.GetBlobClient(NameOf(container, url));
        Assert.True((await blob.ExistsAsync()).Value, $"{url} is no blob");
        var content = (await blob.DownloadContentAsync()).Value;
        Assert.Equal(contentType, content.Details.ContentType);
        return JsonNode.Parse(content.Content.ToString())!.AsObject();
    }

    /// <summary>A blob's URL as the job writes it: the container's URL, then each name part escaped.</summary>
    public static string UrlOf(BlobContainerClient container, string blobName) =>
        $"{container.Uri.AbsoluteUri.TrimEnd('/')}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>The blob name an absolute URL in the container names; fails when it is not one (a relative href, another container).</summary>
    public static string NameOf(BlobContainerClient container, string url)
    {
        var prefix = container.Uri.AbsoluteUri.TrimEnd('/') + "/";
        Assert.True(url.StartsWith(prefix, StringComparison.Ordinal), $"href '{url}' is not an absolute URL in container {prefix}");
        return string.Join('/', url[prefix.Length..].Split('/').Select(Uri.UnescapeDataString));
    }

    public static string Link(JsonObject document, string rel) =>
        document["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == rel)!["href"]!.GetValue<string>();
}
