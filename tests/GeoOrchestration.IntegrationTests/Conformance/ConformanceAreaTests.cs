using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.IntegrationTests.Conformance;

public sealed class ConformanceAreaTests
{
    [Fact]
    public void EveryAreaOfTheSuite_RunsHereExactlyOnce() => ConformanceAreas.AssertEachRunsIn(typeof(ConformanceAreaTests).Assembly);
}
