using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>Paged listing on Azurite: pages, tokens, prefixes, globs, recursion, and the entries' properties.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListingTests(AzuriteServer azurite)
{
    private BlobLocation Location(string text)
    {
        var errors = new List<ValidationError>();
        return BlobLocation.Parse(text, "source", errors, azurite.Storage().Options.Environment) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    private static async Task<List<BlobPage>> AllPages(BlobListing listing, BlobLocation location, bool recursive, int pageSize, string? token = null)
    {
        var pages = new List<BlobPage>();
        await foreach (var page in listing.ListPagesAsync(location, recursive, pageSize, token, CancellationToken.None)) pages.Add(page);
        return pages;
    }

    [Fact]
    public async Task ListPages_Recursive_GivesEveryBlobOnceInNameOrderWithTokensBetweenPages()
    {
        var container = azurite.NewContainer("list");
        var names = Enumerable.Range(0, 23).Select(i => $"scenes/{(i % 2 == 0 ? "" : "deep/")}s{i:D2}.tif").Append("other/x.tif").ToList();
        foreach (var name in names) await container.GetBlobClient(name).UploadAsync(new BinaryData($"bytes of {name}"));

        var pages = await AllPages(new BlobListing(azurite.Storage()), Location(AzuriteServer.Az(container.Name, "scenes")), recursive: true, pageSize: 5);

        Assert.Equal(5, pages.Count);
        Assert.All(pages.SkipLast(1), p => Assert.NotNull(p.ContinuationToken));
        Assert.Null(pages[^1].ContinuationToken);
        var listed = pages.SelectMany(p => p.Entries).Select(e => e.Name).ToList();
        Assert.Equal(names.Where(n => n.StartsWith("scenes/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListPages_FromAContinuationToken_ResumesWhereThePageEnded()
    {
        var container = azurite.NewContainer("resume");
        for (var i = 0; i < 12; i++) await container.GetBlobClient($"b{i:D2}.tif").UploadAsync(new BinaryData("x"));
        var listing = new BlobListing(azurite.Storage());
        var location = Location(AzuriteServer.Az(container.Name));

        var first = await AllPages(listing, location, recursive: true, pageSize: 4);
        var resumed = await AllPages(listing, location, recursive: true, pageSize: 4, token: first[0].ContinuationToken);

        Assert.Equal(first.Skip(1).SelectMany(p => p.Entries).Select(e => e.Name), resumed.SelectMany(p => p.Entries).Select(e => e.Name));
        Assert.Equal("b04.tif", resumed[0].Entries[0].Name);
    }

    [Fact]
    public async Task ListPages_NotRecursiveWithGlob_ListsOnlyMatchingBlobsDirectlyUnderThePrefix()
    {
        var container = azurite.NewContainer("glob");
        foreach (var name in new[] { "in/a.tif", "in/b.TIF", "in/c.img", "in/sub/d.tif", "in/e.tif" })
            await container.GetBlobClient(name).UploadAsync(new BinaryData("x"));
        var listing = new BlobListing(azurite.Storage());

        var flat = await AllPages(listing, Location(AzuriteServer.Az(container.Name, "in/*.tif")), recursive: false, pageSize: 2);
        var deep = await AllPages(listing, Location(AzuriteServer.Az(container.Name, "in/*.tif")), recursive: true, pageSize: 2);

        Assert.Equal(["in/a.tif", "in/e.tif"], flat.SelectMany(p => p.Entries).Select(e => e.Name));
        Assert.Equal(["in/a.tif", "in/e.tif", "in/sub/d.tif"], deep.SelectMany(p => p.Entries).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListPages_Entries_CarryLengthTypeMd5ETagAndMetadata()
    {
        var container = azurite.NewContainer("props");
        var blob = container.GetBlobClient("a.tif");
        var bytes = new byte[] { 1, 2, 3, 4, 5 };
        await blob.UploadAsync(new BinaryData(bytes), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new() { ContentType = "image/tiff", ContentHash = System.Security.Cryptography.MD5.HashData(bytes) },
            Metadata = new Dictionary<string, string> { ["source"] = "test" },
        });
        var properties = (await blob.GetPropertiesAsync()).Value;

        var entry = Assert.Single((await AllPages(new BlobListing(azurite.Storage()), Location(AzuriteServer.Az(container.Name)), true, 10)).SelectMany(p => p.Entries));

        Assert.Equal(("a.tif", 5L, "image/tiff"), (entry.Name, entry.Bytes, entry.ContentType));
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(bytes)), entry.ContentMd5);
        Assert.Equal(properties.ETag.ToString("H"), entry.ETag);
        Assert.Equal(properties.LastModified, entry.LastModified);
        Assert.Equal("test", entry.Metadata["source"]);
    }

    [Fact]
    public async Task ListPages_MissingContainer_IsPermanentNamingIt()
    {
        var listing = new BlobListing(azurite.Storage());
        var failure = await Assert.ThrowsAsync<PermanentTaskException>(() => AllPages(listing, Location("az://no-such-container"), true, 10));
        Assert.Contains("container 'no-such-container' does not exist", failure.Message);
        Assert.Contains("404 ContainerNotFound", failure.Message);
    }
}
