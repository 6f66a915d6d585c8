using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.StoreConformance;

namespace GeoOrchestration.IntegrationTests.Conformance;

/// <summary>The store conformance suite against PostgreSQL: a schema of its own per test on the test cluster.</summary>
public sealed class PostgresConformanceTests() : StoreConformanceTests(new PostgresHarness(PostgresServer.Instance));
