using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// What the conformance suite needs from a store implementation: a freshly deployed store of its
/// own for every test, and what the store can and cannot do where stores legitimately differ. One
/// short subclass per area of the suite (<see cref="ConformanceAreas"/>) and store hands one over, e.g.
/// <c>public sealed class PostgresWorkerRunTests(ITestOutputHelper output) : WorkerRunTests(new PostgresHarness(PostgresServer.Instance), output);</c>
/// </summary>
/// <remarks>
/// The store's test project references this library and GeoOrchestration.Cli (the crash and
/// process wake-up tests start <c>geoorch worker</c> processes from the test output folder, the
/// bad-input table <c>geoorch</c> processes of every command).
/// </remarks>
public interface IStoreHarness
{
    /// <summary>Where this store differs from others by design; tests ask, and assert each mechanism its own way.</summary>
    StoreCapabilities Capabilities { get; }

    /// <summary>
    /// Creates a new, empty store (a schema, a file) that no other test uses, and deploys it from
    /// the same migrations users deploy.
    /// </summary>
    Task<IHarnessStore> CreateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A place for a store that nothing has created yet (a schema name no schema has, a path no
    /// file has), for tests that check a command refused bad input without creating the store:
    /// <see cref="IHarnessStore.SchemaExistsAsync"/> says whether it did.
    /// </summary>
    Task<IHarnessStore> CreateUndeployedAsync(CancellationToken cancellationToken);

    /// <summary>The migrations the store ships, in order (the ones <see cref="CreateAsync"/> deploys).</summary>
    IReadOnlyList<Migration> Migrations { get; }
}
