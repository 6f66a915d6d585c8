namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>The tests that use Azurite: <c>[Collection(AzuriteCollection.Name)]</c> on a class, and an <see cref="AzuriteServer"/> constructor parameter.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
