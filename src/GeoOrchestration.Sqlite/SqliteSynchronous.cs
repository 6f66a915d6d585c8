namespace GeoOrchestration.Sqlite;

/// <summary>
/// How hard SQLite pushes a commit to disk (<c>PRAGMA synchronous</c>), in WAL mode. There is no
/// <c>OFF</c>: with it an acknowledged completion could vanish in an operating-system crash, which
/// breaks the engine's promise that a completion counts exactly once.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The WAL is synced at checkpoints only: the file never corrupts, but the last commits before
    /// a power loss or OS crash may be lost (not on a process crash). Faster.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit is synced before it is acknowledged, like PostgreSQL's default. The default.</summary>
    Full = 2,

    /// <summary>As <see cref="Full"/>, and the folder is synced too after the WAL is reset.</summary>
    Extra = 3,
}
