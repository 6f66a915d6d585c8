using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>
/// Submit-time checks on Azurite: a missing container, a wrong key, a SAS without the permission, no credential at
/// all; each one error naming the field, the container and the reason; and nothing written to the account.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AccessCheckTests(AzuriteServer azurite)
{
    private BlobStorage StorageWith(string connectionString) => new(azurite.Storage().Options with
    {
        Environment = BlobEnvironment.Of(new Dictionary<string, string> { [BlobEnvironment.ConnectionStringVariable] = connectionString }),
    });

    private string SasConnectionString(AccountSasPermissions permissions)
    {
        var sas = new AccountSasBuilder(permissions, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.Blobs, AccountSasResourceTypes.All)
            .ToSasQueryParameters(new StorageSharedKeyCredential(BlobConnectionString.DevelopmentAccount, BlobConnectionString.DevelopmentKey)).ToString();
        return $"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={sas}";
    }

    // Every container and every blob of the account, uncommitted ones included, with their ETags: what "nothing written" compares.
    private async Task<List<string>> AccountSnapshot()
    {
        var service = azurite.Service();
        var lines = new List<string>();
        await foreach (var container in service.GetBlobContainersAsync())
        {
            lines.Add($"{container.Name} {container.Properties.ETag}");
            await foreach (var blob in service.GetBlobContainerClient(container.Name).GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
                lines.Add($"{container.Name}/{blob.Name} {blob.Properties.ETag} {blob.Properties.ContentLength}");
        }
        return lines;
    }

    private static List<ValidationError> Check(Action<List<ValidationError>> check)
    {
        var errors = new List<ValidationError>();
        check(errors);
        return errors;
    }

    [Fact]
    public async Task Checks_OfAReadableWritableContainer_FindNothingAndWriteNothing()
    {
        var container = azurite.NewContainer("ok");
        await container.GetBlobClient("in/a.tif").UploadAsync(new BinaryData("x"));
        var storage = azurite.Storage();
        var before = await AccountSnapshot();

        Assert.Empty(Check(e => BlobAccessCheck.Source(TransferTests.Location(storage, AzuriteServer.Az(container.Name, "in")), "source", e, storage)));
        Assert.Empty(Check(e => BlobAccessCheck.Destination(TransferTests.Location(storage, AzuriteServer.Az(container.Name, "out")), "destination", e, storage)));
        Assert.Empty(Check(e => BlobAccessCheck.Blob(TransferTests.Location(storage, AzuriteServer.Az(container.Name, "in/a.tif")), "source[0]", e, storage)));

        Assert.Equal(before, await AccountSnapshot());
    }

    [Fact]
    public async Task Source_MissingContainer_NamesItAndWritesNothing()
    {
        var storage = azurite.Storage();
        var before = await AccountSnapshot();

        var error = Assert.Single(Check(e => BlobAccessCheck.Source(TransferTests.Location(storage, "az://no-such-scenes/2024"), "source", e, storage)));

        Assert.Equal(("source", "container_exists"), (error.Field, error.Rule));
        Assert.Contains("container 'no-such-scenes' does not exist", error.Message);
        Assert.StartsWith("Parameter 'source' (az://no-such-scenes/2024)", error.Message);
        Assert.Equal(before, await AccountSnapshot());
    }

    [Fact]
    public async Task Destination_MissingContainer_NamesIt_AndIsNotCreated()
    {
        var storage = azurite.Storage();
        var before = await AccountSnapshot();

        var error = Assert.Single(Check(e => BlobAccessCheck.Destination(TransferTests.Location(storage, "az://no-such-cogs"), "destination", e, storage)));

        Assert.Equal(("destination", "container_exists"), (error.Field, error.Rule));
        Assert.Contains("'no-such-cogs'", error.Message);
        Assert.Equal(before, await AccountSnapshot());
    }

    [Fact]
    public async Task Source_WrongKey_SaysTheCredentialsWereRefused_WithoutTheKey()
    {
        var container = azurite.NewContainer("wrongkey");
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var storage = StorageWith($"AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.BlobEndpoint}");
        var before = await AccountSnapshot();

        var error = Assert.Single(Check(e => BlobAccessCheck.Source(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "source", e, storage)));

        Assert.Equal("blob_authentication", error.Rule);
        Assert.Contains("refused the credentials", error.Message);
        Assert.Contains("devstoreaccount1", error.Message);
        Assert.DoesNotContain(wrongKey, error.Message);
        Assert.Equal(before, await AccountSnapshot());
    }

    [Fact]
    public async Task Destination_ReadOnlySas_SaysItMayNotWrite()
    {
        var container = azurite.NewContainer("readonly");
        var connection = SasConnectionString(AccountSasPermissions.Read | AccountSasPermissions.List);
        var storage = StorageWith(connection);
        var before = await AccountSnapshot();

        var destination = Assert.Single(Check(e => BlobAccessCheck.Destination(TransferTests.Location(storage, AzuriteServer.Az(container.Name, "cogs")), "destination", e, storage)));
        var source = Check(e => BlobAccessCheck.Source(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "source", e, storage));

        Assert.Equal(("destination", "blob_permission"), (destination.Field, destination.Rule));
        Assert.Contains($"may not write to container '{container.Name}'", destination.Message);
        Assert.Contains("'rl'", destination.Message);
        Assert.DoesNotContain("sig=", destination.Message);
        Assert.Empty(source);
        Assert.Equal(before, await AccountSnapshot());
    }

    [Fact]
    public async Task Source_SasWithoutList_SaysItMayNotList()
    {
        var container = azurite.NewContainer("nolist");
        var storage = StorageWith(SasConnectionString(AccountSasPermissions.Read | AccountSasPermissions.Write));

        var error = Assert.Single(Check(e => BlobAccessCheck.Source(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "source", e, storage)));

        Assert.Equal("blob_permission", error.Rule);
        Assert.Contains($"may not list in container '{container.Name}'", error.Message);
        Assert.DoesNotContain("sig=", error.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Blob_Missing_SaysSo()
    {
        var container = azurite.NewContainer("missingblob");
        var storage = azurite.Storage();

        var error = Assert.Single(Check(e => BlobAccessCheck.Blob(TransferTests.Location(storage, AzuriteServer.Az(container.Name, "in/gone.tif")), "source[0]", e, storage)));

        Assert.Equal(("source[0]", "blob_exists"), (error.Field, error.Rule));
        Assert.Contains($"blob 'in/gone.tif' does not exist in container '{container.Name}'", error.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public void AnyCheck_WithoutACredential_NamesTheVariablesToSet()
    {
        var storage = new BlobStorage(new BlobStorageOptions { Environment = BlobEnvironment.Of(new Dictionary<string, string>()) });
        var location = new BlobLocation { Account = "geodata", ServiceUri = new Uri("https://geodata.blob.core.windows.net"), Container = "scenes" };

        var error = Assert.Single(Check(e => BlobAccessCheck.Source(location, "source", e, storage)));

        Assert.Equal("blob_credentials", error.Rule);
        Assert.Contains(BlobEnvironment.ConnectionStringVariable, error.Message);
        Assert.Contains(BlobEnvironment.AccountVariable, error.Message);
    }
}
