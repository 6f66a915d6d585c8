using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store contract, submitting and removing: a job is created once per request and run, whoever
/// submits concurrently; resubmission reports what it did not apply; ids are found by prefix; an
/// ended job is deleted with everything of it. Called on the store's own primitives.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreSubmissionTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
