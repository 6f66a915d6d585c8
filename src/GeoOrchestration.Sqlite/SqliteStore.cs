using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The embedded store: one SQLite file, zero setup. Every step of the flow is one transaction that
/// takes the write lock up front (SQLite has one writer at a time, across processes); reads see the
/// last commit without waiting (WAL). The file and its schema are created on first use, unless <see cref="SqliteStoreOptions.CreateIfMissing"/>
/// is false (then only <see cref="SchemaDeployAsync"/> creates them). SQL comes
/// from the named queries in <c>sql/sqlite/queries</c>. Split over partial files by the tables each
/// part works on, like the PostgreSQL store.
/// </summary>
/// <remarks>
/// Reads run on read-only connections and need no write permission: a file or folder this user may
/// not write can still be listed and shown, while writes are refused with a
/// <see cref="Errors.GeoConfigurationException"/> (<see cref="Errors.GeoConfigurationException.PermissionDeniedId"/>).
/// A worker's store keeps the WAL small and stops with <see cref="Errors.GeoConfigurationException.StoreBrokenId"/>
/// when the file's -wal or -shm is deleted under it or disk I/O errors persist (see <see cref="SqliteFileKeeper"/>).
/// </remarks>
public sealed partial class SqliteStore : IGeoStore, IGeoStoreWakeUps
{
    private readonly SqliteDatabase _database;
    private readonly SqliteMigrator _migrator;
    private readonly TimeProvider _time;
    private readonly bool _createIfMissing;
    private readonly object _readyGate = new();
    private Task? _ready;
    private Task? _readable;

    /// <exception cref="Errors.GeoValidationException">The options break a rule (see <see cref="SqliteStoreOptions"/>).</exception>
    public SqliteStore(SqliteStoreOptions options, TimeProvider? time = null)
        : this(options, time, SqliteSqlCatalog.Migrations()) { }

    internal SqliteStore(SqliteStoreOptions options, TimeProvider? time, IReadOnlyList<Migration> migrations, Func<int, ValueTask>? onBusyRetry = null)
    {
        _time = time ?? TimeProvider.System;
        _createIfMissing = options.CreateIfMissing;
        _database = new SqliteDatabase(SqliteSettings.From(options), onBusyRetry);
        _migrator = new SqliteMigrator(_database, migrations, _time);
    }

    /// <summary>The database file, absolute.</summary>
    public string Path => _database.Settings.FullPath;

    public Task<SchemaDeployResult> SchemaDeployAsync(SchemaDeployParams parameters, CancellationToken cancellationToken) =>
        _migrator.DeployAsync(parameters.DryRun, cancellationToken);

    /// <summary>
    /// Refuses, changing nothing (not even creating the file), a database this build cannot work
    /// with: one that does not exist or has no schema yet, lacks migrations, or whose history differs.
    /// Every other method creates or upgrades the schema on first use; this one only looks, so a
    /// worker does not start on a file nothing has set up.
    /// </summary>
    public Task SchemaCheckAsync(CancellationToken cancellationToken) => _migrator.CheckAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        _database.ClearPool();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Creates the file and its schema on first use, or checks that an existing file has this
    /// build's schema (without taking the write lock when it has). Done once per store; a failure
    /// (a locked file, say) is tried again by the next call.
    /// </summary>
    private Task EnsureReadyAsync(CancellationToken cancellationToken) => EnsureAsync(forWriting: true, cancellationToken);

    /// <summary>
    /// What reads need: an existing file with this build's schema, checked on a read-only connection
    /// and without asking for write permission, so a store on a read-only file or folder can still
    /// be listed and shown. A missing file or schema is created as for a write.
    /// </summary>
    private Task EnsureReadableAsync(CancellationToken cancellationToken) =>
        _ready is { IsCompletedSuccessfully: true } ? Task.CompletedTask : EnsureAsync(forWriting: false, cancellationToken);

    private async Task EnsureAsync(bool forWriting, CancellationToken cancellationToken)
    {
        // Looked at before anything opens the file: SQLite would create it (and its folder is made for writing).
        if (!_createIfMissing && !File.Exists(Path)) throw SqliteStoreNotFound.For(Path);
        Task ready;
        lock (_readyGate) ready = forWriting ? _ready ??= PrepareAsync() : _readable ??= PrepareReadAsync();
        try
        {
            await ready.WaitAsync(cancellationToken);
        }
        catch when (ready.IsFaulted || ready.IsCanceled)
        {
            lock (_readyGate)
            {
                if (ReferenceEquals(_ready, ready)) _ready = null;
                if (ReferenceEquals(_readable, ready)) _readable = null;
            }
            throw;
        }
    }

    private async Task PrepareAsync()
    {
        if (!await _migrator.IsCurrentAsync(forWriting: true, CancellationToken.None))
            await _migrator.DeployAsync(dryRun: false, CancellationToken.None);
    }

    private async Task PrepareReadAsync()
    {
        if (!await _migrator.IsCurrentAsync(forWriting: false, CancellationToken.None))
            await EnsureReadyAsync(CancellationToken.None);
    }

    /// <summary>The clock every statement uses, in the schema's unit (Unix epoch milliseconds).</summary>
    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(cancellationToken);
        return await _database.ReadAsync((connection, _) => body(connection), cancellationToken, readOnly: true);
    }

    /// <param name="wakes">The write may create runnable work: listeners in this process are woken after it commits.</param>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken cancellationToken, bool wakes = false)
    {
        await EnsureReadyAsync(cancellationToken);
        var result = await _database.WriteAsync(async (connection, transaction, _) =>
        {
            // The lock is held from BEGIN IMMEDIATE, just before this: a long write gives its time back to the leases it starved.
            var lockedAt = Now();
            var result = await body(connection, transaction);
            await GiveBackLeasesAsync(connection, transaction, lockedAt, cancellationToken);
            return result;
        }, cancellationToken);
        if (wakes) Wake();
        return result;
    }

    /// <summary>
    /// Runs the engine's steps in one write transaction (BEGIN IMMEDIATE, behind this process's writer
    /// gate); a busy file is retried as a whole by <see cref="SqliteDatabase"/>. Listeners in this
    /// process are woken after the commit when a step created runnable work.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<IGeoStoreTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var wakes = false;
        var result = await WriteAsync(async (connection, transaction) =>
        {
            var steps = new SqliteStoreTransaction(this, connection, transaction);
            var result = await work(steps, cancellationToken);
            wakes = steps.Wakes;
            return result;
        }, cancellationToken);
        if (wakes) Wake();
        return result;
    }

    /// <summary>
    /// Wakes the listeners of this file in this process, after a commit that created work (other
    /// processes notice the commit by their data_version poll).
    /// </summary>
    private void Wake() => SqliteWorkListener.Signal(Path);

    public string WakeUpTransport =>
        $"SQLite file (in-process signal, data_version poll every {Model.DurationText.Format(SqliteWorkListener.PollInterval)})";

    public async Task<IAsyncDisposable> WorkListenAsync(WorkListenParams parameters, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var connection = await _database.OpenAsync(readOnly: false, cancellationToken);
        var listener = SqliteWorkListener.Start(Path, connection, parameters.OnWork);
        // Only workers listen, and a worker lives long: it keeps the WAL small and watches the files.
        return new SqliteFileKeeper(_database, listener, parameters.OnWork).Start();
    }

    /// <summary>
    /// The clock parameter (<c>@now</c>, <see cref="Now"/>), given explicitly to each statement that reads
    /// the clock like any other parameter: nothing adds it by looking at a query's text. Statements that
    /// must agree on one instant (a claim and its next due time) are handed the same <c>("now", now)</c> instead.
    /// </summary>
    internal (string Name, object? Value) Clock => ("now", Now());

    /// <summary>A named query with the given parameters (null becomes SQL NULL); a statement that reads the clock is given <see cref="Clock"/>.</summary>
    internal SqliteCommand Command(string query, SqliteConnection connection, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = new SqliteCommand(SqliteSqlCatalog.Get(query), connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
        return command;
    }

    private async Task<int> NonQueryAsync(string query, SqliteConnection connection, SqliteTransaction? transaction,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(query, connection, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task EventAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId, int? stage, string kind, string? detail,
        CancellationToken cancellationToken) =>
        NonQueryAsync("JobEventInsert", connection, transaction, cancellationToken, Clock,
            ("job_id", jobId), ("stage", stage), ("kind", kind), ("detail", detail));

    /// <summary>How many events of a kind a job recorded (for one stage, or all): planning and finalize counts for tests and operators.</summary>
    internal Task<long> EventCountAsync(string jobId, string kind, int? stage, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("JobEventCount", connection, null, ("job_id", jobId), ("kind", kind), ("stage", stage));
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    /// <summary>The parameters of a query by job: its id and its tasks' id range (<see cref="Identity.JobIdentity.TaskIdsOf(string)"/>).</summary>
    internal static (string Name, object? Value)[] JobTasks(string jobId)
    {
        var range = Identity.JobIdentity.TaskIdsOf(jobId);
        return [("job_id", jobId), ("task_id_from", range.From), ("task_id_to", range.To)];
    }

    /// <summary>The parameters of a query by stage: the job id, the stage and its tasks' id range (<see cref="Identity.JobIdentity.TaskIdsOf(string, int)"/>).</summary>
    internal static (string Name, object? Value)[] StageTasks(string jobId, int stage)
    {
        var range = Identity.JobIdentity.TaskIdsOf(jobId, stage);
        return [("job_id", jobId), ("stage", stage), ("task_id_from", range.From), ("task_id_to", range.To)];
    }

    internal static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);
}
