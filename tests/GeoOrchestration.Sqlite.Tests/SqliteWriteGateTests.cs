using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// Writers of one file in one process queue on an in-process gate instead of polling SQLite's lock
/// with sleeps: the queued writer still sees the commit before it, the gate is let go whatever the
/// transaction's end, and it never waits longer than the busy timeout.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30); // against a hang, not a speed check

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SqliteDatabase CounterDatabase(TimeSpan? busyTimeout = null, int retries = 2)
    {
        var database = Db.Database(_folder.File(), busyTimeout, retries);
        database.WriteAsync((connection, transaction, _) =>
        {
            using var create = new SqliteCommand("CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL); INSERT INTO counter SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM counter);",
                connection, transaction);
            return Task.FromResult(create.ExecuteNonQuery());
        }, default).GetAwaiter().GetResult();
        return database;
    }

    [Fact]
    public async Task Write_AnotherStoreObjectOnTheFileInThisProcess_QueuesInProcess_ThenSeesTheFirstCommit()
    {
        var first = CounterDatabase(TimeSpan.FromMinutes(1), retries: 0);
        var second = CounterDatabase(TimeSpan.FromMinutes(1), retries: 0);
        var firstHolds = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var firstWrite = first.WriteAsync(async (connection, transaction, _) =>
        {
            firstHolds.SetResult();
            await releaseFirst.Task;
            return Increment(connection, transaction);
        }, default);
        await firstHolds.Task;

        var secondWrite = second.WriteAsync((connection, transaction, _) =>
        {
            Increment(connection, transaction);
            return Task.FromResult(Count(connection, transaction));
        }, default);

        // Queued on the gate shared by every store object on the file, not in SQLite's busy handler.
        await Eventually.TrueAsync(() => Task.FromResult(second.WritersQueued == 1));
        Assert.False(secondWrite.IsCompleted);
        releaseFirst.SetResult();
        await firstWrite.WaitAsync(Bound);
        Assert.Equal(2L, await secondWrite.WaitAsync(Bound));
        Assert.Equal(0, first.WritersQueued);
    }

    [Fact]
    public async Task Write_BodyThrows_LetsTheGateGo_AndRollsBack()
    {
        // An hour's busy timeout: a gate left taken would hold the next writer for that long.
        var database = CounterDatabase(SqliteStoreOptions.MaxBusyTimeout, retries: 0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.WriteAsync<int>((connection, transaction, _) =>
        {
            Increment(connection, transaction);
            throw new InvalidOperationException("the body failed");
        }, default));
        var n = await database.WriteAsync((connection, transaction, _) =>
        {
            Increment(connection, transaction);
            return Task.FromResult(Count(connection, transaction));
        }, default).WaitAsync(Bound);

        Assert.Equal(1L, n);
    }

    [Fact]
    public async Task Write_GateHeldLongerThanTheBusyTimeout_FailsAsUnavailable_InsteadOfWaitingForever()
    {
        var holder = CounterDatabase(SqliteStoreOptions.MaxBusyTimeout, retries: 0);
        var waiter = CounterDatabase(TimeSpan.FromMilliseconds(50), retries: 0);
        var holds = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var held = holder.WriteAsync(async (connection, transaction, _) =>
        {
            Increment(connection, transaction);
            holds.SetResult();
            await release.Task;
            return 0;
        }, default);
        await holds.Task;

        // Past the gate after 50 ms, then SQLite's own wait for the lock the holder has: busy, mapped.
        var error = await Assert.ThrowsAsync<GeoStoreUnavailableException>(() =>
            waiter.WriteAsync((connection, transaction, _) => Task.FromResult(Increment(connection, transaction)), default).WaitAsync(Bound));

        release.SetResult();
        await held.WaitAsync(Bound);
        Assert.Contains(_folder.File(), error.Message);
        Assert.Equal(1L, Db.Scalar(_folder.File(), "SELECT n FROM counter;"));
    }

    private static long Count(SqliteConnection connection, SqliteTransaction transaction)
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
