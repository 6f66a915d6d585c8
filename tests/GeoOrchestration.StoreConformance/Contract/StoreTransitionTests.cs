using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store contract, transitions: claim, plan, complete, fail, release, cancel and renew, each
/// through the store's own primitive, one test per step and outcome (done, no-op, not owner, not
/// found, job ended meanwhile), asserted as the rows the store reads back afterwards.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreTransitionTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
