using GeoOrchestration.Jobs.Raster;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Tests.Raster;

/// <summary>Where a raster job's outputs go under a blob destination, and how its catalogue links them.</summary>
public sealed class BlobCatalogueHrefTests
{
    private const string Destination = "https://geodata.blob.core.windows.net/cogs/2024";

    [Fact]
    public void Paths_UnderABlobDestination_AreTheBlobsUrlsWithEachNamePartEscaped()
    {
        Assert.Equal("https://geodata.blob.core.windows.net/cogs/2024/collection.json", RasterPaths.Collection(Destination));
        Assert.Equal("https://geodata.blob.core.windows.net/cogs/2024/sub/a%20b%23c.item.json", RasterPaths.Item(Destination, "sub/a b#c"));
        Assert.Equal("https://geodata.blob.core.windows.net/cogs/2024/sub/a%20b%23c.tif", CogPaths.Output(Destination, "sub/a b#c"));
        Assert.Equal("2024", RasterPaths.DefaultCollectionId(Destination));
        Assert.Equal("cogs", RasterPaths.DefaultCollectionId("https://geodata.blob.core.windows.net/cogs"));
    }

    [Fact]
    public void NameOf_AnItemUrl_IsTheBlobNameItWasMadeFrom()
    {
        var location = RasterBlobPaths.Parse(Destination);

        Assert.Equal("2024/sub/a b#c.item.json", RasterBlobPaths.NameOf(location, RasterPaths.Item(Destination, "sub/a b#c")));
        Assert.Throws<GeoOrchestration.Errors.ContractViolationException>(() =>
            RasterBlobPaths.NameOf(location, "https://geodata.blob.core.windows.net/other/2024/a.tif"));
    }

    [Fact]
    public void For_BlobUrls_IsTheTargetsAbsoluteUrl_AndFilesStayRelative()
    {
        var item = RasterPaths.Item(Destination, "sub/a");
        var collection = RasterPaths.Collection(Destination);

        Assert.Equal(collection, StacHref.For(item, collection));
        Assert.Equal(item, StacHref.For(item, item));
        // A local catalogue of blobs (raster_inventory of a container into a folder): assets by URL.
        Assert.Equal("https://geodata.blob.core.windows.net/scenes/a.tif", StacHref.For("/data/cat/a.item.json", "https://geodata.blob.core.windows.net/scenes/a.tif"));
        Assert.Equal("../collection.json", StacHref.For("/data/cat/sub/a.item.json", "/data/cat/collection.json"));
        Assert.Throws<ArgumentException>(() => StacHref.For(item, "/data/scenes/a.tif"));
    }
}
