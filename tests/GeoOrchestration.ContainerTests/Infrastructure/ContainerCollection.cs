namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// Every container test is in this one collection: they share the images and the fixture, and run
/// one after another (two cores and one engine are shared with the rest of the suite).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<ContainerFixture>
{
    public const string Name = "containers";
}
