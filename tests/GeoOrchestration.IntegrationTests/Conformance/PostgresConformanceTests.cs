using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.StoreConformance;
using Xunit.Abstractions;

namespace GeoOrchestration.IntegrationTests.Conformance;

/// <summary>The store conformance suite against PostgreSQL: a schema of its own per test on the test cluster.</summary>
public sealed class PostgresConformanceTests(ITestOutputHelper output) : StoreConformanceTests(new PostgresHarness(PostgresServer.Instance), output);
