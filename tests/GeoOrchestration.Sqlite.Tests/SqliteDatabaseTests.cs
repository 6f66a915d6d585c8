using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SqliteDatabase CounterDatabase(TimeSpan? busyTimeout = null, int retries = 2, Func<int, ValueTask>? onBusyRetry = null)
    {
        var database = Db.Database(_folder.File(), busyTimeout, retries, onBusyRetry);
        // Through the store, so the file is in WAL mode as the store creates it.
        database.WriteAsync((connection, transaction, _) =>
        {
            using var create = new SqliteCommand("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);", connection, transaction);
            return Task.FromResult(create.ExecuteNonQuery());
        }, default).GetAwaiter().GetResult();
        return database;
    }

    private static async Task<string> PragmaAsync(SqliteConnection connection, string pragma)
    {
        await using var command = new SqliteCommand($"PRAGMA {pragma};", connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public async Task Open_StoreConnection_HasWalFullSynchronousBusyTimeoutAndForeignKeys()
    {
        var database = Db.Database(_folder.File(), busyTimeout: TimeSpan.FromMilliseconds(2500));

        await using var connection = await database.OpenAsync(readOnly: false, default);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // FULL
        Assert.Equal("2500", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
    }

    [Fact]
    public async Task Open_PooledConnectionTakenAgain_StillHasThePragmas()
    {
        var database = Db.Database(_folder.File(), busyTimeout: TimeSpan.FromMilliseconds(1234));
        await (await database.OpenAsync(false, default)).DisposeAsync();

        await using var again = await database.OpenAsync(false, default);

        Assert.Equal(("2", "1234", "1"),
            (await PragmaAsync(again, "synchronous"), await PragmaAsync(again, "busy_timeout"), await PragmaAsync(again, "foreign_keys")));
    }

    [Fact]
    public async Task Open_SynchronousNormalChosen_IsInEffect()
    {
        var database = new SqliteDatabase(Db.Settings(_folder.File(), synchronous: SqliteSynchronous.Normal));

        await using var connection = await database.OpenAsync(false, default);

        Assert.Equal("1", await PragmaAsync(connection, "synchronous"));
    }

    [Fact]
    public async Task Open_WalChosenOnce_IsPersistentInTheFile()
    {
        var database = Db.Database(_folder.File());
        await (await database.OpenAsync(false, default)).DisposeAsync();

        Assert.Equal("wal", Db.Scalar(_folder.File(), "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Write_BeforeItsFirstStatement_AlreadyHoldsTheWriteLock()
    {
        var database = CounterDatabase();
        using var other = Db.Other(_folder.File());

        // Straight to SQLite: Microsoft.Data.Sqlite would retry a busy BEGIN for a whole second.
        var otherBegin = await database.WriteAsync((_, _, _) =>
        {
            var rc = SQLitePCL.raw.sqlite3_exec(other.Handle, "BEGIN IMMEDIATE;");
            if (rc == SQLitePCL.raw.SQLITE_OK) SQLitePCL.raw.sqlite3_exec(other.Handle, "ROLLBACK;");
            return Task.FromResult(rc);
        }, default);

        // A deferred BEGIN would take no lock until the first write, and the other writer would get in.
        Assert.Equal(SqliteErrors.Busy, otherBegin);
    }

    [Fact]
    public async Task Write_TwoWritersReadThenWrite_SecondWaitsForTheFirstAndSeesItsCommit()
    {
        var database = CounterDatabase(retries: 0);
        var firstHasLock = new TaskCompletionSource();
        var secondStarted = new TaskCompletionSource();

        var first = database.WriteAsync(async (connection, transaction, _) =>
        {
            var n = Count(connection, transaction);
            firstHasLock.SetResult();
            // Give the second writer the chance to start its transaction before this one writes.
            await Task.WhenAny(secondStarted.Task, Task.Delay(500));
            Increment(connection, transaction);
            return n;
        }, default);
        await firstHasLock.Task;
        var second = Task.Run(() => database.WriteAsync((connection, transaction, _) =>
        {
            secondStarted.TrySetResult();
            var n = Count(connection, transaction);
            Increment(connection, transaction);
            return Task.FromResult(n);
        }, default));

        // With deferred transactions the second would read 0 beside the first, then fail to upgrade
        // its read lock (SQLITE_BUSY at once, without waiting) and, with no retries, throw.
        Assert.Equal((0L, 1L), (await first, await second));
        Assert.Equal(2L, Db.Scalar(_folder.File(), "SELECT n FROM counter;"));
    }

    [Fact]
    public async Task Write_LockHeldLongerThanTheBusyTimeout_IsRetriedThenUnavailableAndWritesNothing()
    {
        var retries = new List<int>();
        var database = CounterDatabase(TimeSpan.FromMilliseconds(50), retries: 2, onBusyRetry: a => { retries.Add(a); return default; });
        using var other = Db.Other(_folder.File());
        Db.Execute(other, "BEGIN IMMEDIATE;");

        var error = await Assert.ThrowsAsync<GeoStoreUnavailableException>(() =>
            database.WriteAsync((connection, transaction, _) => Task.FromResult(Increment(connection, transaction)), default));

        Db.Execute(other, "ROLLBACK;");
        Assert.Equal([0, 1], retries);
        Assert.Contains(_folder.File(), error.Message);
        Assert.Contains("locked", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0L, Db.Scalar(_folder.File(), "SELECT n FROM counter;"));
    }

    [Fact]
    public async Task Write_LockReleasedWhileRetrying_Succeeds()
    {
        using var other = Db.Other(_folder.File());
        var database = CounterDatabase(TimeSpan.FromMilliseconds(50), retries: 2, onBusyRetry: _ =>
        {
            if (other.State == System.Data.ConnectionState.Open) other.Close(); // ends its transaction
            return default;
        });
        Db.Execute(other, "BEGIN IMMEDIATE;");

        await database.WriteAsync((connection, transaction, _) => Task.FromResult(Increment(connection, transaction)), default);

        Assert.Equal(1L, Db.Scalar(_folder.File(), "SELECT n FROM counter;"));
    }

    [Fact]
    public async Task Read_WhileAnotherConnectionHoldsTheWriteLock_IsNotBlocked()
    {
        var database = CounterDatabase(TimeSpan.FromMilliseconds(50), retries: 0);
        using var other = Db.Other(_folder.File());
        Db.Execute(other, "BEGIN IMMEDIATE; UPDATE counter SET n = 5;");

        // WAL: a reader sees the last committed state while a writer works.
        var n = await database.ReadAsync((connection, _) => Task.FromResult(Count(connection, null)), default);

        Db.Execute(other, "ROLLBACK;");
        Assert.Equal(0L, n);
    }

    private static long Count(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = new SqliteCommand("SELECT n FROM counter;", connection, transaction);
        return (long)command.ExecuteScalar()!;
    }

    private static int Increment(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = new SqliteCommand("UPDATE counter SET n = n + 1;", connection, transaction);
        return command.ExecuteNonQuery();
    }
}
