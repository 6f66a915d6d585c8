using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>A fresh folder under the system temp folder for one test's SQLite files, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "geo-sqlite-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name = "geo.db") => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled connections keep files open; read-only tests leave folders without write permission.
        SqliteConnection.ClearAllPools();
        if (!Directory.Exists(Path)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories).Append(Path))
            Permissions.MakeWritable(entry);
        Directory.Delete(Path, recursive: true);
    }
}
