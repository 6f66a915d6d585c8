using GeoOrchestration.Errors;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The one mapping from SQLite result codes to the engine's exceptions, so every SQLite failure a
/// user sees is classified (and gets its exit code) the same way wherever it happens.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes (https://www.sqlite.org/rescode.html).
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int NotADatabase = 26;

    public static int Primary(SqliteException e) => e.SqliteErrorCode & 0xFF;

    /// <summary>Another connection holds a lock this one needs: worth waiting for, then trying again.</summary>
    public static bool IsBusy(SqliteException e) => Primary(e) is Busy or Locked;

    /// <summary>A disk I/O error (SQLITE_IOERR and its extended codes): one may pass, several in a row mean the store has gone bad.</summary>
    public static bool IsIoError(SqliteException e) => Primary(e) == IoError;

    /// <summary>The engine exception for a SQLite failure, or null when it is not one the store explains (a bug).</summary>
    public static GeoException? Map(SqliteException e, SqliteSettings settings) => Primary(e) switch
    {
        Busy or Locked => Unavailable(settings, e),
        NotADatabase => new GeoValidationException("path", "not_sqlite",
            $"'{settings.FullPath}' is not a SQLite database (SQLite: {e.Message}); refusing to touch it. Choose another file."),
        ReadOnly => new GeoConfigurationException(GeoConfigurationException.PermissionDeniedId,
            $"The SQLite database '{settings.FullPath}' (or its -wal/-shm file beside it) is read-only (this user has no write permission); " +
            "commands that only read work, this one must write. Give the file and its folder write permission, or choose another file.", e),
        CantOpen => new GeoValidationException("path", "cannot_open",
            $"Cannot open the SQLite database '{settings.FullPath}': {e.Message}. Check that the file and its folder exist and are readable and writable."),
        Corrupt => new GeoConfigurationException(
            $"The SQLite database '{settings.FullPath}' is damaged (SQLite: {e.Message}). Restore it from a backup.", e),
        Full => new GeoStoreUnavailableException($"The disk holding the SQLite database '{settings.FullPath}' is full.", e),
        IoError => new GeoStoreUnavailableException($"Reading or writing the SQLite database '{settings.FullPath}' failed: {e.Message}", e),
        _ => null,
    };

    public static GeoStoreUnavailableException Unavailable(SqliteSettings settings, SqliteException e) => new(
        $"The SQLite database '{settings.FullPath}' stayed locked by another connection or process for longer than the busy timeout " +
        $"({settings.BusyTimeout.TotalSeconds:0.###} s, {settings.TransientRetries + 1} attempts). Try again later, or stop the process that holds it.", e);
}
