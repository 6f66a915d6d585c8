using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// What a store's schema must give back: its rows mapped to the engine's records at the edges of
/// their types. (Each store's migrator and schema check keep tests of their own in the store's
/// project: they set up their states with SQL of that database.)
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreSchemaTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
