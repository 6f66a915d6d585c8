using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>One test's store: where it lives, clients of it, and its removal.</summary>
public interface IHarnessStore
{
    /// <summary>Names the store in messages (a schema, a path).</summary>
    string Name { get; }

    /// <summary>
    /// A new client of this store with connections of its own, as another process would have: two
    /// clients race as two workers on two machines do. The caller disposes it.
    /// </summary>
    /// <param name="clock">The store's clock, where a test pins it; null for the store's own (its database clock).</param>
    IGeoStore Open(TimeProvider? clock = null);

    /// <summary>
    /// The environment variables that make a <c>geoorch</c> process (started from the test
    /// project's output folder, which must hold geoorch.dll: reference GeoOrchestration.Cli) work
    /// on this store, e.g. <c>GEO_CONNECTION</c> and <c>GEO_SCHEMA</c>.
    /// </summary>
    IReadOnlyDictionary<string, string?> ProcessEnvironment { get; }

    /// <summary>
    /// Whether anything of the store has been created: its schema (PostgreSQL), its database file
    /// or the file's journal (SQLite, whose schema lives in the file). False only for a store of
    /// <see cref="IStoreHarness.CreateUndeployedAsync"/> that nothing has touched.
    /// </summary>
    Task<bool> SchemaExistsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes the store (drops the schema, deletes the file; nothing to do where nothing was created)
    /// after every client was disposed, and checks that it is gone: throws when something of it is
    /// left, such as a connection still open.
    /// </summary>
    Task DropAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts counting the wake-ups clients of this store ask for from now on (<see cref="IWakeUpCounter"/>).
    /// A store that wakes no one (<see cref="WakeUpMechanism.PollOnly"/>) counts none.
    /// </summary>
    Task<IWakeUpCounter> CountWakeUpsAsync(CancellationToken cancellationToken);

    /// <summary>Where the store is, as the store's own messages name it (a schema's name, a file's full path).</summary>
    string Location { get; }

    /// <summary>
    /// The store's schema as SQL qualifies a table with it (PostgreSQL's quoted schema, SQLite's <c>main</c>),
    /// for the schema tests' statements and migrations of their own, e.g. <c>CREATE TABLE {SqlSchema}.extra (id INTEGER)</c>.
    /// </summary>
    string SqlSchema { get; }

    /// <summary>
    /// A client like <see cref="Open"/> that deploys and checks the store against <paramref name="migrations"/>
    /// instead of the shipped ones: a build with an edited, an added or a missing migration. The caller disposes it.
    /// </summary>
    IGeoStore OpenWith(IReadOnlyList<Migration> migrations);

    /// <summary>Runs a raw statement on a connection of its own, outside any client: a test tampers with the migration history.</summary>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>The first column of the first row of a raw query on a connection of its own (counts come back as <see cref="long"/>).</summary>
    Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken);

    /// <summary>The names of the tables in the store's schema; none where nothing was created.</summary>
    Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken);
}
