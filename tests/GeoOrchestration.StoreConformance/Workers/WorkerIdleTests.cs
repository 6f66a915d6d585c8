using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Idle workers on a store: woken by another client's commit, exiting when idle only when nothing
/// is left (not even a retry or another worker's lapsing lease).
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class WorkerIdleTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
