using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Very large stages on a store (hundreds of thousands of tasks): planning keeps no other worker
/// waiting and costs no healthy task its lease; a planner that dies or fails part-way leaves a
/// stage planned once or not at all. The heaviest area: its tests run one after another.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class LargePlanTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
