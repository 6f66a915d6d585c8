using GeoOrchestration.Store;
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

        /// <summary>The folder holds nothing but the store: the database file (and the folder it is in), its WAL and shared-memory files, a rollback journal.</summary>
        public Task<bool> SchemaExistsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(Directory.EnumerateFileSystemEntries(folder).Any());

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
