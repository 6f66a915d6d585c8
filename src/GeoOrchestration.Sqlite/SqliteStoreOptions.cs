namespace GeoOrchestration.Sqlite;

/// <summary>
/// Where and how the SQLite store keeps its file. Give either <see cref="Path"/> or
/// <see cref="ConnectionString"/>. Checked when the store is created: every broken rule is
/// reported at once in a <see cref="Errors.GeoValidationException"/> naming its field.
/// </summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Shortest accepted <see cref="BusyTimeout"/>: one millisecond.</summary>
    public static readonly TimeSpan MinBusyTimeout = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest accepted <see cref="BusyTimeout"/>: one hour (longer is almost certainly a unit mistake).</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromHours(1);

    /// <summary>Most accepted <see cref="TransientRetries"/>.</summary>
    public const int MaxTransientRetries = 100;

    /// <summary>
    /// The database file (field <c>path</c>). Relative paths are taken from the current folder. The
    /// folder is created when missing; the file is created with its schema on first use (unless
    /// <see cref="CreateIfMissing"/> is false).
    /// </summary>
    public string? Path { get; init; }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string (field <c>connection</c>), e.g. <c>Data Source=/data/geo.db</c>,
    /// instead of <see cref="Path"/>. It must name a file (not <c>:memory:</c>) and must not be
    /// read-only or in-memory (<c>Mode=ReadOnly</c>, <c>Mode=Memory</c>). The store sets its own
    /// timeout and pragmas on every connection.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// How long one statement waits for a lock another connection or process holds before that
    /// attempt fails with "database is busy" (field <c>busy_timeout</c>). Default 5 seconds; from
    /// <see cref="MinBusyTimeout"/> to <see cref="MaxBusyTimeout"/>. Microsoft.Data.Sqlite counts
    /// its own retries in whole seconds, so an attempt waits at least one second.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How hard a commit is pushed to disk (field <c>synchronous</c>). Default <see cref="SqliteSynchronous.Full"/>.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// How often an operation that failed because the database stayed busy or locked for the whole
    /// <see cref="BusyTimeout"/> is tried again, with exponential backoff and jitter from 50 ms
    /// (field <c>transient_retries</c>). Default 2; 0 disables; at most <see cref="MaxTransientRetries"/>.
    /// An operation gives up after about (1 + retries) × busy timeout with
    /// <see cref="Errors.GeoStoreUnavailableException"/>. Every operation is one transaction, so
    /// trying it again is safe.
    /// </summary>
    public int TransientRetries { get; init; } = 2;

    /// <summary>
    /// Accept a database on a network file system (NFS, SMB/CIFS, sshfs, ...). Default false: such
    /// a file is refused, because SQLite's WAL needs shared memory and byte-range locks that work
    /// only on a local disk, and a share used from two machines corrupts the file. Set it only for
    /// a share that this one machine uses, and at your own risk.
    /// </summary>
    public bool AllowNetworkFileSystem { get; init; }

    /// <summary>
    /// Whether the store's first use creates a database file that does not exist yet (its folder
    /// and schema with it). Default true. False for a file a user named (a typo must not become a
    /// new, empty store): every method then refuses a missing file with a
    /// <see cref="Errors.GeoConfigurationException"/> (<see cref="Errors.GeoConfigurationException.SchemaNotDeployedId"/>)
    /// naming it, and creates nothing (no folder, file, -wal or -shm); only
    /// <see cref="SqliteStore.SchemaDeployAsync"/> creates it. An existing file is still brought to
    /// this build's schema on first use.
    /// </summary>
    public bool CreateIfMissing { get; init; } = true;
}
