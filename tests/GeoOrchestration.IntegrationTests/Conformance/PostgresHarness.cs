using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.IntegrationTests.Conformance;

/// <summary>
/// PostgreSQL for the conformance suite: each test's store is a schema of its own, deployed from
/// the shipped migrations; a client is a <see cref="PostgresStore"/> with a connection pool of its own.
/// </summary>
internal sealed class PostgresHarness(PostgresServer server) : IStoreHarness
{
    private static int _counter;

    public StoreCapabilities Capabilities { get; } = new()
    {
        WakeUps = WakeUpMechanism.Push,
        Janitor = JanitorExclusion.SkipWhileBusy,
    };

    public async Task<IHarnessStore> CreateAsync(CancellationToken cancellationToken)
    {
        var schema = $"c{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..8]}";
        var store = new Schema(server, schema);
        await using var deployer = store.Open();
        await deployer.SchemaDeployAsync(dryRun: false, cancellationToken);
        return store;
    }

    private sealed class Schema(PostgresServer server, string name) : IHarnessStore
    {
        public string Name => $"PostgreSQL schema {name}";

        public IReadOnlyDictionary<string, string?> ProcessEnvironment { get; } =
            new Dictionary<string, string?> { ["GEO_CONNECTION"] = server.ConnectionString, ["GEO_SCHEMA"] = name };

        public IGeoStore Open(TimeProvider? clock = null) =>
            new PostgresStore(new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = name }, clock);

        /// <summary>
        /// Drops the schema and checks that it is gone. Every client was disposed first, so no
        /// connection of the test still holds a lock on it; one left open in a transaction would
        /// make the drop wait, and the lock timeout turns that into a failure that says so.
        /// </summary>
        public async Task DropAsync(CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            await using (var drop = dataSource.CreateCommand($"SET lock_timeout = '10s'; DROP SCHEMA \"{name}\" CASCADE"))
                await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var left = dataSource.CreateCommand("SELECT count(*) FROM pg_namespace WHERE nspname = $1");
            left.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
            if ((long)(await left.ExecuteScalarAsync(cancellationToken))! != 0)
                throw new InvalidOperationException($"{Name} is still there after it was dropped.");
        }
    }
}
