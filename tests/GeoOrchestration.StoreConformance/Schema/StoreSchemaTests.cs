using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// What a store's schema must give back: its rows mapped to the engine's records at the edges of
/// their types (RowMapping); its migrator's rules (Migrations) and its schema check's (SchemaCheck).
/// What only one store has stays in its project (SqliteMigratorTests, MigratorTests, ...).
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreSchemaTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output);
