using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using GeoOrchestration.StoreConformance.Harness;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests.Conformance;

/// <summary>
/// SQLite for the conformance suite: each test's store is a database file in a folder of its own,
/// deployed from the shipped migrations; a client is a <see cref="SqliteStore"/> on that file.
/// </summary>
internal sealed class SqliteHarness : IStoreHarness
{
    public StoreCapabilities Capabilities { get; } = new()
    {
        // No notifications: the listener polls PRAGMA data_version (and signals in-process clients).
        WakeUps = WakeUpMechanism.Watch,
        // One writer at a time: janitor rounds queue for the write lock instead of skipping.
        Janitor = JanitorExclusion.TakeTurns,
    };

    public IReadOnlyList<Migration> Migrations { get; } = SqliteSqlCatalog.Migrations();

    public async Task<IHarnessStore> CreateAsync(CancellationToken cancellationToken)
    {
        var store = NewFile();
        await using var deployer = store.Open();
        await deployer.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), cancellationToken);
        return store;
    }

    /// <summary>
    /// A path in a folder that does not exist yet, inside an empty folder of its own: whatever a
    /// command creates for the store (the folder the store would create, the file) shows up there.
    /// </summary>
    public Task<IHarnessStore> CreateUndeployedAsync(CancellationToken cancellationToken) => Task.FromResult<IHarnessStore>(NewFile("data"));

    private static File NewFile(string? subfolder = null)
    {
        var folder = Directory.CreateTempSubdirectory("geoorch-conformance-").FullName;
        return new File(folder, Path.Combine(folder, subfolder ?? "", "geo.db"));
    }

    private sealed class File(string folder, string path) : IHarnessStore
    {
        public string Name => $"SQLite file {path}";

        public IReadOnlyDictionary<string, string?> ProcessEnvironment { get; } =
            new Dictionary<string, string?> { ["GEO_CONNECTION"] = $"sqlite:{path}" };

        public IGeoStore Open(TimeProvider? clock = null) => new SqliteStore(new SqliteStoreOptions { Path = path }, clock);

        public string Location => Path.GetFullPath(path);

        public string SqlSchema => SqliteMigrator.SchemaLabel;

        public IGeoStore OpenWith(IReadOnlyList<Migration> migrations) => new SqliteStore(new SqliteStoreOptions { Path = path }, null, migrations);

        /// <summary>On a connection of another client (<see cref="Support.Db.Other"/>), closed at once.</summary>
        public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            using var other = Support.Db.Other(path);
            Support.Db.Execute(other, sql);
            return Task.CompletedTask;
        }

        public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken) => Task.FromResult(Support.Db.Scalar(path, sql));

        /// <summary>From sqlite_schema; without opening (and so creating) a file that is not there.</summary>
        public Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken)
        {
            if (!System.IO.File.Exists(path)) return Task.FromResult<IReadOnlyList<string>>([]);
            using var other = Support.Db.Other(path);
            using var command = other.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name";
            using var reader = command.ExecuteReader();
            var tables = new List<string>();
            while (reader.Read()) tables.Add(reader.GetString(0));
            return Task.FromResult<IReadOnlyList<string>>(tables);
        }

        /// <summary>The folder holds nothing but the store: the database file (and the folder it is in), its WAL and shared-memory files, a rollback journal.</summary>
        public Task<bool> SchemaExistsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(Directory.EnumerateFileSystemEntries(folder).Any());

        /// <summary>
        /// The in-process signals a commit of any client of this file sends (the wake-ups asked for);
        /// the data_version poll, which notices every commit, is left out. Signals are delivered on the
        /// committing thread before the client's call returns, so a count read afterwards is complete.
        /// </summary>
        public Task<IWakeUpCounter> CountWakeUpsAsync(CancellationToken cancellationToken)
        {
            var counter = new SignalCounter();
            counter.Listener = SqliteWorkListener.SignalsOnly(Path.GetFullPath(path), counter.Signal);
            return Task.FromResult<IWakeUpCounter>(counter);
        }

        private sealed class SignalCounter : IWakeUpCounter
        {
            private int _count;
            public IDisposable? Listener { get; set; }
            public void Signal() => Interlocked.Increment(ref _count);
            public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _count));
            public ValueTask DisposeAsync()
            {
                Listener?.Dispose();
                return ValueTask.CompletedTask;
            }
        }

        /// <summary>Deletes the file with its WAL and shared-memory files, and checks that they are gone.</summary>
        public Task DropAsync(CancellationToken cancellationToken)
        {
            // Pooled connections keep the file open; every client was disposed before this.
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            if (Directory.Exists(folder)) throw new InvalidOperationException($"{Name} is still there after it was dropped.");
            return Task.CompletedTask;
        }
    }
}
