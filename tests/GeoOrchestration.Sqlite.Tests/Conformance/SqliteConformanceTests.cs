using GeoOrchestration.StoreConformance;
using Xunit.Abstractions;

namespace GeoOrchestration.Sqlite.Tests.Conformance;

/// <summary>The store conformance suite against the embedded store: a database file of its own per test.</summary>
public sealed class SqliteConformanceTests(ITestOutputHelper output) : StoreConformanceTests(new SqliteHarness(), output);
