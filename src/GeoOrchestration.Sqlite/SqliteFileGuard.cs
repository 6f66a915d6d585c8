using GeoOrchestration.Errors;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Checks made before SQLite opens the file, so that bad input is refused with a clear message and
/// nothing written: a folder that cannot be created or written, a path that is a folder, a
/// read-only file or folder, a network file system.
/// </summary>
/// <remarks>
/// These checks only look at names and modes (stat); they never open the database file, its -wal,
/// -shm or -journal. On POSIX, closing any descriptor of a file drops every lock this process holds
/// on it, including the locks of SQLite connections already open (in this store, in another store
/// object or in the connection pool): another client then believes it is the file's last user and
/// deletes the WAL and shared memory under them. Whether the file is a SQLite database is found out
/// by SQLite itself when the store first reads it ("file is not a database", see <see cref="SqliteErrors"/>).
/// </remarks>
internal static class SqliteFileGuard
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Runs the checks; returns whether the database file exists with content.</summary>
    /// <param name="forWriting">
    /// False for a dry run and for commands that only read: a missing folder is not created, nothing
    /// is probed by writing, and a read-only file or folder is accepted.
    /// </param>
    /// <exception cref="GeoValidationException">Field <c>path</c>: a folder, a network file system, a folder that cannot be created.</exception>
    /// <exception cref="GeoConfigurationException">For writing, the file or its folder has no write permission (<see cref="GeoConfigurationException.PermissionDeniedId"/>).</exception>
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
        if (forWriting) ProbeWritable(path, folder);

        var file = new FileInfo(path);
        if (!file.Exists) return false;
        if (forWriting && IsMarkedReadOnly(path)) throw ReadOnlyFile(path);
        return file.Length > 0; // SQLite treats an empty file as an empty database
    }

    /// <summary>The refusal of a write to a database file without write permission: a setup to change, not bad input.</summary>
    public static GeoConfigurationException ReadOnlyFile(string path, Exception? inner = null) => new(GeoConfigurationException.PermissionDeniedId,
        $"The SQLite database '{path}' is read-only (this user has no write permission on it); commands that only read work, " +
        "this one must write. Give the file write permission, or choose another file.", inner);

    private static GeoConfigurationException ReadOnlyFolder(string path, string folder, string why) => new(GeoConfigurationException.PermissionDeniedId,
        $"The folder '{folder}' of the SQLite database '{path}' is read-only ({why}); commands that only read an existing database work, " +
        "this one must write, and SQLite must create its -wal and -shm files there. Give the folder write permission, or choose another file.");

    /// <summary>
    /// SQLite creates its -wal and -shm files beside the database, so the folder must take new files.
    /// A probe file (deleted on close) is the only test that sees permissions, ACLs and read-only mounts alike.
    /// </summary>
    private static void ProbeWritable(string path, string folder)
    {
        if (IsMarkedReadOnly(folder))
            throw ReadOnlyFolder(path, folder, "no write permission");
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".geoorch-probe-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ReadOnlyFolder(path, folder, e.Message);
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
