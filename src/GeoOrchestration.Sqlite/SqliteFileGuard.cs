using GeoOrchestration.Errors;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Checks made before SQLite opens the file, so that bad input is refused with a clear message and
/// nothing written: a folder that cannot be created or written, a path that is a folder, a file
/// that is not a SQLite database, a read-only file, a network file system.
/// </summary>
internal static class SqliteFileGuard
{
    /// <summary>The first 16 bytes of every SQLite 3 database file.</summary>
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Runs the checks; returns whether the database file exists with content.</summary>
    /// <param name="forWriting">False for a dry run: a missing folder is not created and nothing is probed by writing.</param>
    public static bool Check(SqliteSettings settings, bool forWriting)
    {
        var path = settings.FullPath;
        if (Directory.Exists(path))
            throw Refuse("folder", $"'{path}' is a folder; the SQLite store needs a file path such as '{Path.Combine(path, "geo.db")}'.");
        var folder = Path.GetDirectoryName(path) ?? throw Refuse("file", $"'{path}' has no folder.");

        if (!settings.AllowNetworkFileSystem && settings.DetectNetworkFileSystem(NearestExisting(folder)) is { } type)
            throw Refuse("network_file_system",
                $"The SQLite database '{path}' would be on a network file system ({type}). SQLite's WAL works only on a local disk " +
                "(shared memory and locks across machines are unreliable, and the file can be corrupted). Use a local path, or PostgreSQL for a shared store.");

        if (!Directory.Exists(folder))
        {
            if (!forWriting) return false;
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Refuse("folder_not_creatable", $"Cannot create the folder '{folder}' for the SQLite database: {e.Message}");
            }
        }
        if (forWriting) ProbeWritable(folder);

        if (!File.Exists(path)) return false;
        if (IsMarkedReadOnly(path))
            throw Refuse("read_only",
                $"The SQLite database '{path}' is read-only (no write permission); the store must write to it. Give it write permission, or choose another file.");
        return HasSqliteHeader(path, forWriting);
    }

    private static bool HasSqliteHeader(string path, bool forWriting)
    {
        Span<byte> start = stackalloc byte[16];
        int read;
        try
        {
            // Opened for writing when the store will write, so a file only the owner may change is
            // refused here rather than halfway through the first transaction.
            using var file = new FileStream(path, FileMode.Open, forWriting ? FileAccess.ReadWrite : FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            if (file.Length == 0) return false; // SQLite treats an empty file as an empty database
            read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Refuse("read_only", $"The SQLite database '{path}' cannot be opened for writing: {e.Message}");
        }
        catch (IOException e)
        {
            throw Refuse("cannot_open", $"Cannot read the SQLite database '{path}': {e.Message}");
        }
        if (read < start.Length || !start.SequenceEqual(Header))
            throw Refuse("not_sqlite", $"'{path}' is not a SQLite database (its first bytes are not 'SQLite format 3'); refusing to touch it. Choose another file.");
        return true;
    }

    /// <summary>
    /// SQLite creates its -wal and -shm files beside the database, so the folder must take new files.
    /// A probe file (deleted on close) is the only test that sees permissions, ACLs and read-only mounts alike.
    /// </summary>
    private static void ProbeWritable(string folder)
    {
        if (IsMarkedReadOnly(folder))
            throw Refuse("folder_read_only", $"The folder '{folder}' is read-only (no write permission); SQLite must create its -wal and -shm files there.");
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".geoorch-probe-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refuse("folder_read_only", $"Cannot write in the folder '{folder}' (SQLite must create its -wal and -shm files there): {e.Message}");
        }
    }

    /// <summary>
    /// No write permission for anyone (<c>chmod a-w</c>) or the read-only attribute: someone marked it
    /// not to be changed. Refused even for root, who could write it anyway.
    /// </summary>
    private static bool IsMarkedReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
            return File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        return (File.GetUnixFileMode(path) & AnyWrite) == 0;
    }

    private static string NearestExisting(string folder)
    {
        var current = folder;
        while (!Directory.Exists(current) && Path.GetDirectoryName(current) is { } parent) current = parent;
        return current;
    }

    private static GeoValidationException Refuse(string rule, string message) => new("path", rule, message);
}
