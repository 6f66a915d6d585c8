using GeoOrchestration.Errors;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// <see cref="SqliteStoreOptions"/> checked and resolved: the absolute file path and the connection
/// strings the store opens with. Resolution is pure string work; nothing touches the disk here.
/// </summary>
internal sealed record SqliteSettings(
    string FullPath,
    string ConnectionString,
    string ReadOnlyConnectionString,
    TimeSpan BusyTimeout,
    SqliteSynchronous Synchronous,
    int TransientRetries,
    bool AllowNetworkFileSystem)
{
    /// <summary>
    /// A read-only connection that takes the file as unchanging (SQLite's <c>immutable=1</c>): no
    /// locks, no shared memory. Only for reading a WAL database whose folder this user may not write
    /// and that has no WAL on disk, where SQLite cannot create the shared memory a reader needs;
    /// no process can then be writing (a writer keeps a WAL). Null where SQLite URIs do not fit (Windows).
    /// </summary>
    public string? ImmutableConnectionString => OperatingSystem.IsWindows() ? null
        : new SqliteConnectionStringBuilder(ReadOnlyConnectionString)
        {
            DataSource = "file:" + string.Join('/', FullPath.Split('/').Select(Uri.EscapeDataString)) + "?immutable=1",
        }.ConnectionString;

    /// <summary>Finds the network file system a folder is on (null for local); replaced by tests that stage one.</summary>
    public Func<string, string?> DetectNetworkFileSystem { get; init; } = NetworkFileSystem.Detect;

    public static SqliteSettings From(SqliteStoreOptions options)
    {
        var errors = new List<ValidationError>();
        var builder = Builder(options, errors);
        if (!(options.BusyTimeout >= SqliteStoreOptions.MinBusyTimeout && options.BusyTimeout <= SqliteStoreOptions.MaxBusyTimeout))
            errors.Add(new("busy_timeout", "range",
                $"'busy_timeout' must be at least 1 millisecond and at most {SqliteStoreOptions.MaxBusyTimeout.TotalMinutes:0} minutes; got {options.BusyTimeout}."));
        if (!Enum.IsDefined(options.Synchronous))
            errors.Add(new("synchronous", "value", $"'synchronous' must be one of {string.Join(", ", Enum.GetNames<SqliteSynchronous>())}; got {(int)options.Synchronous}."));
        if (options.TransientRetries is < 0 or > SqliteStoreOptions.MaxTransientRetries)
            errors.Add(new("transient_retries", "range",
                $"'transient_retries' must be between 0 and {SqliteStoreOptions.MaxTransientRetries}; got {options.TransientRetries}."));
        if (errors.Count > 0) throw new GeoValidationException(errors);

        // Microsoft.Data.Sqlite retries busy statements itself until its command timeout (whole
        // seconds, 0 = forever); SQLite's busy handler (PRAGMA busy_timeout) does the fine-grained
        // waiting, and the command timeout ends the driver's loop as soon as that has run out.
        builder!.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        var fullPath = builder.DataSource;
        var readOnly = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
        return new SqliteSettings(fullPath, builder.ConnectionString, readOnly.ConnectionString, options.BusyTimeout,
            options.Synchronous, options.TransientRetries, options.AllowNetworkFileSystem);
    }

    private static SqliteConnectionStringBuilder? Builder(SqliteStoreOptions options, List<ValidationError> errors)
    {
        var hasPath = !string.IsNullOrWhiteSpace(options.Path);
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasPath == hasConnection)
        {
            errors.Add(hasPath
                ? new("path", "exclusive", "Give either 'path' or 'connection' for the SQLite store, not both.")
                : new("path", "required", "The SQLite store needs a database file: give 'path' (or a 'connection' string with Data Source=PATH)."));
            return null;
        }

        SqliteConnectionStringBuilder builder;
        var field = hasPath ? "path" : "connection";
        try
        {
            builder = hasPath
                ? new SqliteConnectionStringBuilder { DataSource = options.Path }
                : new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // The text may hold a password: say what is wrong without echoing it.
            errors.Add(new("connection", "format", $"'connection' is not a valid SQLite connection string: {e.Message}"));
            return null;
        }

        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            errors.Add(new(field, "file",
                $"'{field}' must name a database file; an in-memory database ('{source}', Mode={builder.Mode}) is not shared between connections and would lose every job."));
            return null;
        }
        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            errors.Add(new(field, "mode", $"'{field}' must allow writing: the store writes every state change (got Mode=ReadOnly)."));
            return null;
        }
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(field, "file", $"'{field}' must be a file path, not a URI ('{source}')."));
            return null;
        }
        try
        {
            builder.DataSource = System.IO.Path.GetFullPath(source);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add(new(field, "file", $"'{field}' is not a valid file path ('{source}'): {e.Message}"));
            return null;
        }
        return builder;
    }
}
