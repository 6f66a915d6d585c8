using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A write shorter than this gives no time back: the heartbeat renews every third of a lease
    /// (0.3 s at the shortest, so 0.2 s of slack at least), and a statement per ordinary write would
    /// only slow the drain. Longer writes are rare: planning a large stage, cancelling or retrying a
    /// large job, a janitor round with much to do.
    /// </summary>
    internal static readonly TimeSpan GiveBackAfter = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gives the time a write held the file's lock back to the leases it kept from being renewed
    /// (queries in <c>leases.sql</c>), in the write's own transaction.
    /// </summary>
    /// <remarks>
    /// SQLite has one writer per file: while a write holds the lock (a million-task plan held it for
    /// ~34 s), no heartbeat of any worker in any process can commit, and without this the next janitor
    /// round takes back every healthy lease as "worker lost or hung" and each task runs twice. Of the
    /// ways to keep the janitor from expiring a lease the store starved, this one is exact and needs
    /// no memory: the write knows when it took the lock and how long it held it, gives exactly that
    /// time to exactly the leases still running when it began (a lease that had lapsed before stays
    /// lapsed), and does it before it commits, so no reader ever sees those leases lapsed. The janitor
    /// ignoring "recent" expiries would instead need every process's record of blocked renewals, and
    /// would keep dead workers' tasks waiting longer after every busy spell. Writes of every kind come
    /// through here, so a long plan, cancel, retry or janitor round is covered alike; PostgreSQL needs
    /// none of it, as its writers lock only the rows they change and a renewal changes none of theirs
    /// (the conformance test with a large plan and its cancel pins both stores).
    /// </remarks>
    private async Task GiveBackLeasesAsync(SqliteConnection connection, SqliteTransaction transaction, long lockedAt,
        CancellationToken cancellationToken)
    {
        var held = Now() - lockedAt;
        if (held < (long)GiveBackAfter.TotalMilliseconds) return;
        await NonQueryAsync("TaskLeasesGiveBack", connection, transaction, cancellationToken, ("held", held), ("locked_at", lockedAt));
        await NonQueryAsync("WorkLeasesGiveBack", connection, transaction, cancellationToken, ("held", held), ("locked_at", lockedAt));
    }
}
