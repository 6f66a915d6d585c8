using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// The paged hand-off's two listings on Azurite: the first stage's page bounds (a start token and a
/// last name per page, never the names) and each page listed again from them; and the check, made
/// while streaming, that no two rasters on any pages share an output name or item id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobPageBoundsTests(AzuriteServer azurite)
{
    private BlobLocation Location(string container, string rest)
    {
        var errors = new List<ValidationError>();
        return BlobLocation.Parse(AzuriteServer.Az(container, rest), "source", errors, azurite.Storage().Options.Environment)
            ?? throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
    }

    [Fact]
    public async Task Bounds_ContainerOf2500Rasters_ThreePagesEachListedAgainExactly()
    {
        var container = azurite.NewContainer("bounds");
        var names = ManyBlobs.Numbered("scenes/", 2500);
        await ManyBlobs.UploadAsync(container, names.Append("scenes/readme.txt").Append("other/r99999.tif"));
        var location = Location(container.Name, "scenes");
        var storage = azurite.Storage();

        var bounds = await RasterBlobListing.BoundsAsync(location, recursive: true, CancellationToken.None, storage);

        Assert.Equal((2500L, 2500L * 16), (bounds.Count, bounds.Bytes));
        Assert.Equal([(null, names[999], 1000), (bounds.Pages[1].Token, names[1999], 1000), (bounds.Pages[2].Token, names[2499], 500)],
            bounds.Pages.Select(p => (p.Token, p.Last, p.Count)));
        Assert.All(bounds.Pages.Skip(1), p => Assert.False(string.IsNullOrEmpty(p.Token)));
        var listed = new List<RasterFile>();
        foreach (var page in bounds.Pages)
            listed.AddRange(await RasterBlobListing.PageAsync(location, recursive: true, page, CancellationToken.None, storage));
        Assert.Equal(names.Select(n => n["scenes/".Length..^".tif".Length]), listed.Select(f => f.Name));
        Assert.Equal(names.Select(n => location.UrlOf(n).AbsoluteUri), listed.Select(f => f.Path));
        Assert.All(listed, f => Assert.Equal((16L, "application/octet-stream"), (f.Bytes, f.Blob!.ContentType)));
    }

    [Fact]
    public async Task Page_BlobDeletedAfterTheBounds_DropsOutAndTheNextPageIsUnchanged()
    {
        var container = azurite.NewContainer("drop");
        var names = ManyBlobs.Numbered("", 1500);
        await ManyBlobs.UploadAsync(container, names);
        var location = Location(container.Name, "");
        var storage = azurite.Storage();
        var bounds = await RasterBlobListing.BoundsAsync(location, recursive: true, CancellationToken.None, storage);

        await container.DeleteBlobAsync(names[10]);
        await container.DeleteBlobAsync(names[999]); // the first page's last name

        var first = await RasterBlobListing.PageAsync(location, recursive: true, bounds.Pages[0], CancellationToken.None, storage);
        var second = await RasterBlobListing.PageAsync(location, recursive: true, bounds.Pages[1], CancellationToken.None, storage);
        Assert.Equal(998, first.Count);
        Assert.DoesNotContain(first, f => f.Name == "r00010" || f.Name == "r00999");
        Assert.Equal(names[1000..].Select(n => n[..^4]), second.Select(f => f.Name));
    }

    [Theory]
    [InlineData("Z.tif", "z.tiff", "would both be written as 'Z'")]
    [InlineData("S/b.tif", "s_b.tif", "would both get the STAC Item id 'S_b'")]
    public async Task Bounds_NamesThatClashWithoutCaseOnDifferentPages_RefusedNamingBoth(string early, string late, string clash)
    {
        var container = azurite.NewContainer("clash");
        // Upper case sorts before "r00000", lower case after "r01199": 1,201 names apart, on different pages.
        await ManyBlobs.UploadAsync(container, ManyBlobs.Numbered("", 1200).Append(early).Append(late));
        var location = Location(container.Name, "");

        var error = await Assert.ThrowsAsync<PermanentTaskException>(() =>
            RasterBlobListing.BoundsAsync(location, recursive: true, CancellationToken.None, azurite.Storage()));

        Assert.Equal($"Files '{location.UrlOf(early).AbsoluteUri}' and '{location.UrlOf(late).AbsoluteUri}' {clash}; rename one, or list them in separate jobs.",
            error.Message);
    }
}
