namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// The tests that run <c>geoorch bench</c> on PostgreSQL run one at a time: each counts the server's
/// <c>bench_*</c> schemas before and after to show it dropped its own, which another bench running
/// meanwhile would upset.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BenchCollection
{
    public const string Name = "geoorch bench on PostgreSQL";
}
