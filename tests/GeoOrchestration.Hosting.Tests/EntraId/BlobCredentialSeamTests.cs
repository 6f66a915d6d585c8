using GeoOrchestration.Hosting.EntraId;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Hosting.Tests.EntraId;

/// <summary>Runs alone: the seam is one process-wide setting, which other tests' stores set too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BlobCredentialSeamCollection
{
    public const string Name = "BlobCredentialSeam";
}

/// <summary>Opening a store hands Blob Storage the process's one Entra ID credential (the instance PostgreSQL's logins use).</summary>
[Collection(BlobCredentialSeamCollection.Name)]
public sealed class BlobCredentialSeamTests
{
    private static readonly PlatformEnvironment Linux = new(_ => null, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    [Fact]
    public async Task OpenStore_EntraIdConnection_GivesBlobStorageTheSameCredential()
    {
        var options = new EntraIdOptions { Credential = CredentialKind.ManagedIdentity, ClientId = "11111111-2222-3333-4444-555555555555" };
        var connection = GeoConnection.Resolve("Host=127.0.0.1;Port=1;Username=geo-workers;Database=geo", null, Linux).WithEntraId(options);

        // Opening makes the store's objects; nothing connects until the first query.
        await using (connection.OpenStore()) { }

        Assert.True(BlobTokenCredential.IsSet);
        Assert.Same(ProcessCredential.For(options), BlobTokenCredential.Current);
        Assert.Same(connection.Credential, BlobTokenCredential.Current);
    }

    [Fact]
    public async Task OpenStore_WithoutEntraId_GivesBlobStorageTheEnvironmentsCredential()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("geoorch-seam-").FullName, "geo.db");
        var connection = GeoConnection.Resolve($"sqlite:{file}", null, Linux).AllowingCreation();

        await using (connection.OpenStore()) { }

        // GEO_CREDENTIAL is not set in the test process: the default chain, one instance for the process.
        Assert.Same(ProcessCredential.For(EntraIdOptions.Resolve(null, null)), BlobTokenCredential.Current);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
