using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.StoreConformance;
using Xunit.Abstractions;

namespace GeoOrchestration.IntegrationTests.Conformance;

// The store conformance suite against PostgreSQL, one line per area of the suite (each test gets
// a schema of its own on the test cluster): xunit runs each class as a collection of its own, so the
// areas run side by side. ConformanceAreaTests checks that no area of the suite is missing here.

public sealed class PostgresStoreSubmissionTests(ITestOutputHelper output) : StoreSubmissionTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresStoreTransitionTests(ITestOutputHelper output) : StoreTransitionTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresStoreQueryTests(ITestOutputHelper output) : StoreQueryTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresEngineStepTests(ITestOutputHelper output) : EngineStepTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresWorkerRunTests(ITestOutputHelper output) : WorkerRunTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresWorkerIdleTests(ITestOutputHelper output) : WorkerIdleTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresLargePlanTests(ITestOutputHelper output) : LargePlanTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresProcessTests(ITestOutputHelper output) : ProcessTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresLeftBehindCheckTests(ITestOutputHelper output) : LeftBehindCheckTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresStoreSchemaTests(ITestOutputHelper output) : StoreSchemaTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresTraceTests(ITestOutputHelper output) : TraceTests(new PostgresHarness(PostgresServer.Instance), output);

public sealed class PostgresStoreRetentionTests(ITestOutputHelper output) : StoreRetentionTests(new PostgresHarness(PostgresServer.Instance), output);
public sealed class PostgresWorkerRegistryTests(ITestOutputHelper output) : WorkerRegistryTests(new PostgresHarness(PostgresServer.Instance), output);
