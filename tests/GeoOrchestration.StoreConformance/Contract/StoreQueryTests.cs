using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store contract, reads: listings, paging, counts and progress answer exactly what they are
/// asked, built on states the store's own primitives wrote.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreQueryTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
