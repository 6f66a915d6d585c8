using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The check that runs after every test of the suite (<see cref="LeftBehindCheck"/>) fails where it should.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class LeftBehindCheckTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
