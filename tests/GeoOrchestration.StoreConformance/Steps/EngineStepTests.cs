using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The engine's steps on a store: janitor rounds, finalizing, failure, cancel and retry, re-runs of
/// what ended with errors, stage events and tolerance, driven through the façade and the engine
/// (a worker runs where the step needs one), asserted through the store's queries.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class EngineStepTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
