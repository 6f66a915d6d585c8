using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Real `geoorch` processes on the test's store: the bad-input table, runs of a request and
/// re-runs through the CLI, and workers killed with SIGKILL at random moments.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class ProcessTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
