using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Engine workers on a store: leases renewed and taken over, retries with backoff by the store's
/// clock, timeouts, shutdown within the grace.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class WorkerRunTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
