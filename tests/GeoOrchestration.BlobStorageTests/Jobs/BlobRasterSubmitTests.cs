using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.BlobStorageTests.Jobs.Support;
using GeoOrchestration.Jobs.Storage;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.BlobStorageTests.Jobs;

/// <summary>
/// Blob locations refused at submit by <c>geoorch submit</c> (exit 2), each broken rule named with
/// its field and container in one round, and nothing written: no job in the store, no blob in any
/// container.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRasterSubmitTests(AzuriteServer azurite) : IDisposable
{
    private readonly TempFolder _folder = new("blob-raster-submit");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Submit_SasInTheUrl_IsRefusedWithoutEchoingIt()
    {
        using var jobs = new BlobJobs(azurite);
        var source = azurite.NewContainer("src");
        var sas = $"{source.Uri.AbsoluteUri}/a.tif?sv=2024-01-01&sp=r&sig=SECRETSIG";

        var submit = await jobs.SubmitAsync("raster_to_cog", new JsonObject { ["source"] = new JsonArray(sas), ["destination"] = _folder.File("out") });

        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("source[0]", submit.Stderr);
        Assert.Contains("give credentials by environment", submit.Stderr);
        Assert.DoesNotContain("SECRETSIG", submit.Stderr + submit.Stdout);
        Assert.Empty(await jobs.JobsAsync());
    }

    [Fact]
    public async Task Submit_MissingContainersAndAGlobDestination_NamesEveryBrokenRuleInOneRound_AndWritesNothing()
    {
        using var jobs = new BlobJobs(azurite);
        var existing = azurite.NewContainer("dst");

        var submit = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az("no-such-source", "scenes")),
            ["destination"] = AzuriteServer.Az(existing.Name, "cogs/*.tif"),
            ["collection_id"] = "not an id",
        });
        var missing = await jobs.SubmitAsync("raster_inventory", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(existing.Name)), ["destination"] = AzuriteServer.Az("no-such-destination"),
        });

        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("'source[0]'", submit.Stderr);
        Assert.Contains("no-such-source", submit.Stderr);
        Assert.Contains("'destination'", submit.Stderr);
        Assert.Contains("never a glob", submit.Stderr);
        Assert.Contains("'collection_id'", submit.Stderr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'destination'", missing.Stderr);
        Assert.Contains("no-such-destination", missing.Stderr);
        Assert.Empty(await jobs.JobsAsync());
        Assert.Empty(await BlobFolders.NamesAsync(existing));
        Assert.False((await azurite.Service().GetBlobContainerClient("no-such-destination").ExistsAsync()).Value);
    }

    [Fact]
    public async Task Submit_WrongKey_IsRefusedNamingTheContainerAndTheReason()
    {
        var source = azurite.NewContainer("src");
        using var jobs = new BlobJobs(azurite);
        jobs.Environment[BlobEnvironment.ConnectionStringVariable] = azurite.ConnectionString()
            .Replace(BlobConnectionString.DevelopmentKey, Convert.ToBase64String(new byte[64]));

        var submit = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name)), ["destination"] = _folder.File("out"),
        });

        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("'source[0]'", submit.Stderr);
        Assert.Contains(source.Name, submit.Stderr);
        Assert.Contains("key", submit.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await jobs.JobsAsync());
    }

    [Fact]
    public async Task Submit_ReadOnlyCredentialsForABlobDestination_AreRefusedAsNoPermission_AndNothingIsWritten()
    {
        var source = azurite.NewContainer("src");
        var destination = azurite.NewContainer("dst");
        await source.GetBlobClient("a.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("a.tif")));
        var readOnly = azurite.Service().GenerateAccountSasUri(AccountSasPermissions.Read | AccountSasPermissions.List,
            DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All).Query.TrimStart('?');
        using var jobs = new BlobJobs(azurite);
        jobs.Environment[BlobEnvironment.ConnectionStringVariable] = $"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={readOnly}";

        var submit = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name)), ["destination"] = AzuriteServer.Az(destination.Name, "cogs"),
        });

        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("'destination'", submit.Stderr);
        Assert.Contains(destination.Name, submit.Stderr);
        Assert.Contains("may not write", submit.Stderr);
        Assert.DoesNotContain("sig=", submit.Stderr + submit.Stdout);
        Assert.Empty(await jobs.JobsAsync());
        Assert.Empty(await BlobFolders.NamesAsync(destination));
    }

    [Fact]
    public async Task Submit_DestinationInsideTheSourceContainerPrefix_IsRefusedForRasterToCogButAllowedForAnInventoryInPlace()
    {
        var source = azurite.NewContainer("src");
        await source.GetBlobClient("scenes/a.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("a.tif")));
        using var jobs = new BlobJobs(azurite);
        var parameters = new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(source.Name, "scenes")), ["destination"] = AzuriteServer.Az(source.Name, "scenes/cogs"),
        };

        var convert = await jobs.SubmitAsync("raster_to_cog", parameters);
        var local = await jobs.SubmitAsync("raster_inventory", new JsonObject
        {
            ["source"] = new JsonArray(_folder.Path), ["destination"] = AzuriteServer.Az(source.Name, "catalog"),
        });
        var inventory = await jobs.SubmitAsync("raster_inventory", parameters);

        Assert.Equal(2, convert.ExitCode);
        Assert.Contains("inside the source", convert.Stderr);
        Assert.Equal(2, local.ExitCode);
        Assert.Contains("can only point at blobs", local.Stderr);
        Assert.True(inventory.ExitCode == 0, inventory.Stderr);
        Assert.Single(await jobs.JobsAsync());
    }

    [Fact]
    public async Task Submit_ListedBlobWhoseCogWouldBeUploadedOverItself_IsRefused()
    {
        var container = azurite.NewContainer("src");
        await container.GetBlobClient("a.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("a.tif")));
        await container.GetBlobClient("b.tif").UploadAsync(await TestRasters.Utm33Async(_folder.File("b.tif")));
        using var jobs = new BlobJobs(azurite);

        var submit = await jobs.SubmitAsync("raster_to_cog", new JsonObject
        {
            ["source"] = new JsonArray(BlobCatalogue.UrlOf(container, "a.tif"), BlobCatalogue.UrlOf(container, "b.tif")),
            ["destination"] = AzuriteServer.Az(container.Name),
        });

        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("'source[0]': its COG would be uploaded over the blob itself", submit.Stderr);
        Assert.Contains("'source[1]': its COG would be uploaded over the blob itself", submit.Stderr);
        Assert.Empty(await jobs.JobsAsync());
    }
}
