using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
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

    public IReadOnlyList<Migration> Migrations { get; } = Migration.Embedded(typeof(PostgresStore).Assembly, "sql/postgres/migrations/");

    public async Task<IHarnessStore> CreateAsync(CancellationToken cancellationToken)
    {
        var store = new Schema(server, NewName());
        await using var deployer = store.Open();
        await deployer.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), cancellationToken);
        return store;
    }

    public Task<IHarnessStore> CreateUndeployedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IHarnessStore>(new Schema(server, NewName()));

    private static string NewName() => $"c{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..8]}";

    private sealed class Schema(PostgresServer server, string name) : IHarnessStore
    {
        public string Name => $"PostgreSQL schema {name}";

        public IReadOnlyDictionary<string, string?> ProcessEnvironment { get; } =
            new Dictionary<string, string?> { ["GEO_CONNECTION"] = server.ConnectionString, ["GEO_SCHEMA"] = name };

        public IGeoStore Open(TimeProvider? clock = null) =>
            new PostgresStore(new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = name }, clock);

        public string Location => name;

        public string SqlSchema => $"\"{name}\"";

        public IGeoStore OpenWith(IReadOnlyList<Migration> migrations) =>
            new PostgresStore(new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = name }, null, migrations);

        public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            await using var command = dataSource.CreateCommand(sql);
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        public async Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            await using var command = dataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var tables = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) tables.Add(reader.GetString(0));
            return tables;
        }

        public async Task<bool> SchemaExistsAsync(CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            return await CountAsync(dataSource, cancellationToken) != 0;
        }

        /// <summary>
        /// Drops the schema (if a test's command created it at all) and checks that it is gone. Every client was disposed first, so no
        /// connection of the test still holds a lock on it; one left open in a transaction would
        /// make the drop wait, and the lock timeout turns that into a failure that says so.
        /// </summary>
        public async Task DropAsync(CancellationToken cancellationToken)
        {
            await using var dataSource = server.CreateDataSource();
            await using (var drop = dataSource.CreateCommand($"SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                await drop.ExecuteNonQueryAsync(cancellationToken);
            if (await CountAsync(dataSource, cancellationToken) != 0)
                throw new InvalidOperationException($"{Name} is still there after it was dropped.");
        }

        /// <summary>LISTEN on the schema's channel (<see cref="SchemaName.Channel"/>); see <see cref="NotificationCounter"/>.</summary>
        public async Task<IWakeUpCounter> CountWakeUpsAsync(CancellationToken cancellationToken) =>
            await NotificationCounter.StartAsync(server, SchemaName.Parse(name).Channel, cancellationToken);

        private async Task<long> CountAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM pg_namespace WHERE nspname = $1");
            count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
            return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
    }
}
