using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>Ways into a test database that do not go through the store.</summary>
internal static class Db
{
    public static SqliteSettings Settings(string path, TimeSpan? busyTimeout = null, int retries = 2,
        SqliteSynchronous synchronous = SqliteSynchronous.Full) =>
        SqliteSettings.From(new SqliteStoreOptions
        {
            Path = path,
            BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5),
            TransientRetries = retries,
            Synchronous = synchronous,
        });

    public static SqliteDatabase Database(string path, TimeSpan? busyTimeout = null, int retries = 2, Func<int, ValueTask>? onBusyRetry = null) =>
        new(Settings(path, busyTimeout, retries), onBusyRetry);

    /// <summary>
    /// A connection of "another process": unpooled, without the store's pragmas, failing at once
    /// when busy. SQLite locks the file between connections of one process as between processes.
    /// </summary>
    public static SqliteConnection Other(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 0;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = new SqliteCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = Other(path);
        return Scalar(connection, sql);
    }

    /// <summary>The files in a folder (names only), to show that nothing was created.</summary>
    public static string[] Files(string folder) =>
        Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder).Select(f => System.IO.Path.GetFileName(f)!).Order().ToArray() : [];
}
