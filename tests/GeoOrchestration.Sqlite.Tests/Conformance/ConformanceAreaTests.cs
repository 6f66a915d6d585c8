using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.Sqlite.Tests.Conformance;

public sealed class ConformanceAreaTests
{
    [Fact]
    public void EveryAreaOfTheSuite_RunsHereExactlyOnce() => ConformanceAreas.AssertEachRunsIn(typeof(ConformanceAreaTests).Assembly);
}
