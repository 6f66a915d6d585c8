using System.Text;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Finds out whether a folder is on a network file system, where SQLite's WAL (shared memory,
/// byte-range locks) does not work. Best effort: Linux reads the mount table, Windows looks for UNC
/// paths and network drives, every platform asks <see cref="DriveInfo"/> (statfs) as well.
/// </summary>
internal static class NetworkFileSystem
{
    // File system type names as /proc/mounts and statfs spell them.
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs",
        "lustre", "gpfs", "beegfs", "davfs", "webdav", "afpfs", "sshfs", "fuse.sshfs", "fuse.glusterfs", "fuse.davfs2",
        "fuse.rclone", "fuse.s3fs", "fuse.cephfs",
    };

    public static bool IsNetworkType(string? type) => type is not null && NetworkTypes.Contains(type);

    /// <summary>The network file system type <paramref name="folder"/> lives on, or null for a local disk (or when unknown).</summary>
    public static string? Detect(string folder)
    {
        if (OperatingSystem.IsWindows() && folder.StartsWith(@"\\", StringComparison.Ordinal) && !folder.StartsWith(@"\\?\", StringComparison.Ordinal))
            return "UNC share";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var type = TypeFromMounts(folder, File.ReadAllText("/proc/mounts"));
                if (IsNetworkType(type)) return type;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        try
        {
            var drive = new DriveInfo(folder);
            if (drive.DriveType == DriveType.Network || IsNetworkType(drive.DriveFormat)) return drive.DriveFormat;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The type of the mount that holds <paramref name="path"/> (the longest mount point it lies under) in a /proc/mounts text.</summary>
    public static string? TypeFromMounts(string path, string mounts)
    {
        string? best = null;
        var bestLength = -1;
        foreach (var line in mounts.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3) continue;
            var mountPoint = Unescape(fields[1]);
            if (mountPoint.Length > bestLength && IsUnder(path, mountPoint))
            {
                best = fields[2];
                bestLength = mountPoint.Length;
            }
        }
        return best;
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" ||
        (path.StartsWith(mountPoint, StringComparison.Ordinal) && (path.Length == mountPoint.Length || path[mountPoint.Length] == '/'));

    /// <summary>The mount table escapes space, tab, newline and backslash as three octal digits (\040).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.Skip(start).Take(3).All(c => c is >= '0' and <= '7');
}
