namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>
/// Tests that depend on this process's SQLite connection pools staying as they left them: they
/// run alone, after the parallel classes. Others clear every pool as they clean up
/// (<c>SqliteConnection.ClearAllPools</c>, before deleting their files); one doing so while a
/// test here has deleted a database's <c>-wal</c>/<c>-shm</c> under its open connections closed
/// those connections, so the next one found the file free and the disk I/O error under test never came.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoolSensitiveCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "SQLite connection pools";
}
