using GeoOrchestration.StoreConformance;
using Xunit.Abstractions;

namespace GeoOrchestration.Sqlite.Tests.Conformance;

// The store conformance suite against the embedded store, one line per area of the suite (each
// test gets a database file of its own): xunit runs each class as a collection of its own, so the
// areas run side by side. ConformanceAreaTests checks that no area of the suite is missing here.

public sealed class SqliteStoreSubmissionTests(ITestOutputHelper output) : StoreSubmissionTests(new SqliteHarness(), output);

public sealed class SqliteStoreTransitionTests(ITestOutputHelper output) : StoreTransitionTests(new SqliteHarness(), output);

public sealed class SqliteStoreQueryTests(ITestOutputHelper output) : StoreQueryTests(new SqliteHarness(), output);

public sealed class SqliteEngineStepTests(ITestOutputHelper output) : EngineStepTests(new SqliteHarness(), output);

public sealed class SqliteWorkerRunTests(ITestOutputHelper output) : WorkerRunTests(new SqliteHarness(), output);

public sealed class SqliteWorkerIdleTests(ITestOutputHelper output) : WorkerIdleTests(new SqliteHarness(), output);

public sealed class SqliteLargePlanTests(ITestOutputHelper output) : LargePlanTests(new SqliteHarness(), output);

public sealed class SqliteProcessTests(ITestOutputHelper output) : ProcessTests(new SqliteHarness(), output);

public sealed class SqliteLeftBehindCheckTests(ITestOutputHelper output) : LeftBehindCheckTests(new SqliteHarness(), output);

public sealed class SqliteStoreSchemaTests(ITestOutputHelper output) : StoreSchemaTests(new SqliteHarness(), output);

public sealed class SqliteTraceTests(ITestOutputHelper output) : TraceTests(new SqliteHarness(), output);

public sealed class SqliteStoreRetentionTests(ITestOutputHelper output) : StoreRetentionTests(new SqliteHarness(), output);
public sealed class SqliteWorkerRegistryTests(ITestOutputHelper output) : WorkerRegistryTests(new SqliteHarness(), output);
