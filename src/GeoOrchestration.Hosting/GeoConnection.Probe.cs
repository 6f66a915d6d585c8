using GeoOrchestration.Sqlite;
using GeoOrchestration.Store;

namespace GeoOrchestration.Hosting;

public sealed partial class GeoConnection
{
    /// <summary>
    /// Opens the store only to look at it (a health probe's schema check): an embedded file that does not exist is
    /// never created, whatever <see cref="CreatesStore"/> says, so probing a fresh machine's default store leaves nothing behind.
    /// </summary>
    public IGeoStore OpenStoreToLook(TimeProvider? time = null) => Location is SqliteLocation sqlite
        ? new SqliteStore(sqlite.ToOptions() with { CreateIfMissing = false }, time)
        : OpenStore(time);
}
