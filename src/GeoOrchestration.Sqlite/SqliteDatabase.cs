using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using GeoOrchestration.Errors;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;
using SQLitePCL;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Connections to one SQLite file with the store's durability settings, and the two ways the store
/// uses them: reads on a connection, and writes in a transaction that holds the write lock from its
/// first statement. Busy and locked errors are retried through a Polly pipeline and end as
/// <see cref="GeoStoreUnavailableException"/>; every other SQLite error the store can explain is
/// mapped by <see cref="SqliteErrors"/>.
/// </summary>
internal sealed class SqliteDatabase
{
    // Pragmas are per native connection, and Microsoft.Data.Sqlite pools native connections:
    // set them once per handle instead of once per checkout.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = new();

    // One per file in this process, shared by every store object on it (see WriteAsync).
    private static readonly ConcurrentDictionary<string, WriteGate> WriteGates = new(StringComparer.Ordinal);

    private readonly ResiliencePipeline _retry;
    private readonly string _pragmas;
    private readonly WriteGate _gate;
    private long _commits;
    private int _ioErrorsInARow;
    private volatile GeoConfigurationException? _broken;
    private volatile bool _readImmutable;
    private volatile bool _openedForWriting;

    /// <summary>Operations in a row that failed with a disk I/O error before the store is taken for gone bad.</summary>
    internal const int IoErrorsBeforeBroken = 3;

    /// <param name="onBusyRetry">Called with the attempt number before each retry of a busy operation (tests use it to release a lock).</param>
    public SqliteDatabase(SqliteSettings settings, Func<int, ValueTask>? onBusyRetry = null)
    {
        Settings = settings;
        _gate = WriteGates.GetOrAdd(settings.FullPath, _ => new WriteGate());
        _pragmas = SqliteSqlCatalog.Get("ConnectionPragmas")
            .Replace("{busy_timeout_ms}", ((long)Math.Ceiling(settings.BusyTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{synchronous}", ((int)settings.Synchronous).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        // Real time, not the store's TimeProvider: the backoff waits for a lock another process
        // holds, and a test's pinned clock must not stop it from ever being retried.
        _retry = settings.TransientRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<SqliteException>(SqliteErrors.IsBusy),
                    MaxRetryAttempts = settings.TransientRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(50),
                    OnRetry = args => onBusyRetry?.Invoke(args.AttemptNumber) ?? default,
                })
                .Build();
    }

    public SqliteSettings Settings { get; }

    /// <summary>Write transactions committed through this object (benchmarks report commits per task from it).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>An open connection with the store's pragmas in effect. Read-only connections never change the file.</summary>
    public async Task<SqliteConnection> OpenAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (!readOnly) _openedForWriting = true;
        var connection = new SqliteConnection(!readOnly ? Settings.ConnectionString
            : _readImmutable ? Settings.ImmutableConnectionString : Settings.ReadOnlyConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!Configured.TryGetValue(connection.Handle!, out _))
            {
                if (readOnly && !_readImmutable && !CanRead(connection) && Settings.ImmutableConnectionString is { } immutable)
                {
                    _readImmutable = true;
                    await connection.DisposeAsync();
                    connection = new SqliteConnection(immutable);
                    await connection.OpenAsync(cancellationToken);
                }
                Configure(connection, readOnly);
                Configured.AddOrUpdate(connection.Handle!, Settings);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether a read-only connection can read the file. A WAL database needs its shared memory: in
    /// a folder this user may not write, with no -wal and -shm left there (a store closed cleanly),
    /// SQLite cannot create it and refuses to read ("attempt to write a readonly database").
    /// </summary>
    private bool CanRead(SqliteConnection connection)
    {
        try
        {
            using var probe = new SqliteCommand(SqliteSqlCatalog.Get("ReadProbe"), connection);
            probe.ExecuteScalar();
            return true;
        }
        catch (SqliteException e) when (SqliteErrors.Primary(e) is SqliteErrors.ReadOnly or SqliteErrors.CantOpen && !File.Exists(Settings.FullPath + "-wal"))
        {
            return false;
        }
    }

    private void Configure(SqliteConnection connection, bool readOnly)
    {
        using (var pragmas = new SqliteCommand(_pragmas, connection))
            pragmas.ExecuteNonQuery();
        if (readOnly) return;
        using var wal = new SqliteCommand(SqliteSqlCatalog.Get("ConnectionJournalWal"), connection);
        var mode = Convert.ToString(wal.ExecuteScalar(), CultureInfo.InvariantCulture);
        // SQLite opens a file this user may not write read-only, silently: refuse here, naming the
        // file, rather than at the first write (asked of SQLite, never by opening the file ourselves;
        // after the statement above, which reads the header and refuses a file that is not a database).
        if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1) throw SqliteFileGuard.ReadOnlyFile(Settings.FullPath);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new GeoConfigurationException(
                $"The SQLite database '{Settings.FullPath}' could not be switched to WAL journaling (it stays '{mode}'); " +
                "its file system may not support the shared memory WAL needs. Put it on a local disk.");
    }

    /// <summary>Runs <paramref name="body"/> on a connection, outside any explicit transaction (each statement is its own snapshot).</summary>
    public Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken, bool readOnly = false) =>
        RunAsync(async token =>
        {
            await using var connection = await OpenAsync(readOnly, token);
            return await body(connection, token);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction begun with <c>BEGIN IMMEDIATE</c>: the write
    /// lock is taken before the first read, so two writers queue at the start (the second waits
    /// up to the busy timeout) instead of both reading and then deadlocking on the upgrade to a
    /// write lock, which SQLite resolves by failing one of them at once.
    /// </summary>
    /// <remarks>
    /// Writers of the same file in this process queue on an in-process gate first and are handed
    /// the lock as soon as the previous one commits. Left to SQLite, a waiting writer polls the
    /// lock with sleeps of 1, 2, 5, 10, 15 ms and more, and the lock sits idle until it wakes: in a
    /// drain at concurrency 16 (claims and completion batches contending), those sleeps added up
    /// to more time than the commits themselves. Writers in other processes still meet in SQLite's
    /// lock. The gate waits at most the busy timeout; past it, the writer goes on to SQLite's own
    /// wait, so a write that cannot get the lock still fails in about the time it did.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            var gated = await _gate.EnterAsync(Settings.BusyTimeout, token);
            try
            {
                await using var connection = await OpenAsync(readOnly: false, token);
                await using var transaction = connection.BeginTransaction(deferred: false);
                var result = await body(connection, transaction, token);
                await transaction.CommitAsync(token);
                Interlocked.Increment(ref _commits);
                return result;
            }
            finally
            {
                if (gated) _gate.Exit();
            }
        }, cancellationToken);

    /// <summary>Writers of this file in this process waiting for the in-process gate (tests watch it).</summary>
    internal int WritersQueued => _gate.Queued;

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        if (_broken is { } broken) throw broken;
        try
        {
            var result = await _retry.ExecuteAsync(async token => await action(token), cancellationToken);
            Volatile.Write(ref _ioErrorsInARow, 0);
            return result;
        }
        catch (SqliteException e) when (SqliteErrors.IsIoError(e) && Interlocked.Increment(ref _ioErrorsInARow) >= IoErrorsBeforeBroken)
        {
            throw Break($"every one of the last {IoErrorsBeforeBroken} operations failed with a disk I/O error (SQLite: {e.Message})", e);
        }
        catch (SqliteException e) when (SqliteErrors.Map(e, Settings) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The store has gone bad (<see cref="Break"/>): every operation fails with this.</summary>
    public GeoConfigurationException? Broken => _broken;

    /// <summary>
    /// Takes this file for gone bad: its WAL or shared memory is no longer the one on disk (deleted
    /// under this process), or disk I/O errors persist. Every later operation fails at once with the
    /// returned error instead of writing to files no other process sees, and the connections of
    /// this process to the file no longer checkpoint when they close: a stale WAL copied into the
    /// database would overwrite what other processes committed since.
    /// </summary>
    public GeoConfigurationException Break(string why, Exception? inner = null)
    {
        var error = new GeoConfigurationException(GeoConfigurationException.StoreBrokenId,
            $"The SQLite database '{Settings.FullPath}' has gone bad for this process: {why}. Stop this process and start it " +
            "again (work it holds returns when its leases expire); if it happens again, look for a tool that deletes or copies the file's -wal and -shm.", inner);
        Interlocked.CompareExchange(ref _broken, error, null);
        foreach (var (handle, owner) in Configured)
            if (owner is SqliteSettings settings && settings.FullPath == Settings.FullPath)
                raw.sqlite3_db_config(handle, SqliteDbConfigNoCheckpointOnClose, 1, out _);
        return _broken!;
    }

    // SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (https://www.sqlite.org/c3ref/c_dbconfig_defensive.html).
    private const int SqliteDbConfigNoCheckpointOnClose = 1010;

    /// <summary>
    /// Copies the WAL into the database and truncates it to zero bytes when no reader needs it any
    /// more; with a reader, copies what it can and returns false at once (never waits for one).
    /// Runs behind this process's writer gate, so the writers here queue behind it rather than
    /// meet a busy lock. Returns whether the WAL was truncated.
    /// </summary>
    public Task<bool> CheckpointAsync(CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            var gated = await _gate.EnterAsync(Settings.BusyTimeout, token);
            try
            {
                await using var connection = await OpenAsync(readOnly: false, token);
                raw.sqlite3_busy_timeout(connection.Handle, 0);
                try
                {
                    await using var command = new SqliteCommand(SqliteSqlCatalog.Get("CheckpointTruncate"), connection);
                    await using var reader = await command.ExecuteReaderAsync(token);
                    return await reader.ReadAsync(token) && reader.GetInt64(0) == 0;
                }
                finally
                {
                    raw.sqlite3_busy_timeout(connection.Handle, (int)Math.Ceiling(Settings.BusyTimeout.TotalMilliseconds));
                }
            }
            finally
            {
                if (gated) _gate.Exit();
            }
        }, cancellationToken);

    /// <summary>Closes the pooled connections to this file, so it is checkpointed and can be moved or deleted.</summary>
    public void ClearPool()
    {
        // Read-only connections first: the last connection to close checkpoints the WAL and deletes
        // it, and a read-only one cannot, which would leave geo.db-wal and -shm behind.
        using var readOnly = new SqliteConnection(Settings.ReadOnlyConnectionString);
        SqliteConnection.ClearPool(readOnly);
        if (Settings.ImmutableConnectionString is { } immutable)
        {
            using var unchanging = new SqliteConnection(immutable);
            SqliteConnection.ClearPool(unchanging);
        }
        using var connection = new SqliteConnection(Settings.ConnectionString);
        SqliteConnection.ClearPool(connection);
        if (!_openedForWriting && !_readImmutable && _broken is null) CloseAsLastWriter();
    }

    /// <summary>
    /// A process that only read (job list, job tasks) used read-only connections, which cannot
    /// checkpoint or delete the -wal and -shm they made. One read-write connection opened and
    /// closed through SQLite does, when it is the file's last connection (SQLite checks that under its
    /// own locks, so a worker elsewhere keeps its WAL); where this user may not write, it changes nothing.
    /// </summary>
    private void CloseAsLastWriter()
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(Settings.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
            using var connection = new SqliteConnection(builder.ConnectionString);
            connection.Open();
            // SQLite opens lazily: only a connection that has read the file has the WAL open to remove.
            using var probe = new SqliteCommand(SqliteSqlCatalog.Get("ReadProbe"), connection);
            probe.ExecuteScalar();
        }
        catch (SqliteException)
        {
            // Read-only file or folder, or a file gone: nothing to tidy, and nothing to report at exit.
        }
    }
}
