using System.Data.Common;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting;

/// <summary>
/// Reads a connection setting (<c>--connection</c> or <c>GEO_CONNECTION</c>) into the store it selects:
/// <list type="bullet">
/// <item>nothing (null, empty, blanks): the embedded store at <see cref="DefaultDataPath"/>;</item>
/// <item><c>sqlite:PATH</c> (any case): the embedded store on PATH; a leading <c>~/</c> is the home folder;</item>
/// <item>a connection string with <c>Data Source</c>, <c>DataSource</c> or <c>Filename</c>: SQLite (Npgsql has none of these keys);</item>
/// <item>any other connection string (<c>Host=...;Username=...</c>): PostgreSQL.</item>
/// </list>
/// Anything else is refused, naming the accepted forms.
/// </summary>
public static class StoreLocationParser
{
    public const string SqlitePrefix = "sqlite:";

    private static readonly string[] SqliteKeys = ["data source", "datasource", "filename"];

    /// <param name="connection">The setting, or null when none was given.</param>
    /// <param name="environment">Where the home and per-user folders come from.</param>
    /// <param name="relativeTo">
    /// The folder a relative <c>sqlite:</c> path is taken from, made absolute here: PowerShell's current
    /// location, which is not the process's working directory. Asked only for such a path (reading
    /// PowerShell's location is not free everywhere). Null leaves it relative, for the store to take
    /// from the working directory when it opens (<c>geoorch</c>).
    /// </param>
    /// <exception cref="GeoValidationException">Field <c>connection</c>: not one of the accepted forms.</exception>
    /// <exception cref="GeoConfigurationException">Nothing is configured and no per-user folder can be found.</exception>
    public static StoreLocation Parse(string? connection, PlatformEnvironment environment, Func<string>? relativeTo = null)
    {
        if (string.IsNullOrWhiteSpace(connection))
            return new SqliteLocation(DefaultDataPath.Resolve(environment), null, SqliteLocationSource.Default);

        if (connection.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = connection[SqlitePrefix.Length..];
            if (string.IsNullOrWhiteSpace(path))
                throw new GeoValidationException("connection", "format", $"'connection' '{SqlitePrefix}' must be followed by a file path, e.g. {SqlitePrefix}/data/geo.db.");
            path = ExpandHome(path, environment);
            if (relativeTo is not null && !System.IO.Path.IsPathRooted(path))
                path = System.IO.Path.GetFullPath(System.IO.Path.Combine(relativeTo(), path));
            return new SqliteLocation(path, null, SqliteLocationSource.Path);
        }

        if (connection.Contains("://", StringComparison.Ordinal))
            // Not echoed: a URI may hold a password.
            throw new GeoValidationException("connection", "format",
                $"'connection' must not be a URI: give '{SqlitePrefix}PATH', a SQLite connection string ('Data Source=PATH'), " +
                "or a PostgreSQL connection string ('Host=...;Username=...;Database=...').");
        if (!connection.Contains('='))
            throw new GeoValidationException("connection", "format",
                $"'connection' must be '{SqlitePrefix}PATH', a SQLite connection string ('Data Source=PATH'), or a PostgreSQL connection " +
                $"string ('Host=...;Username=...;Database=...'); got '{Shorten(connection)}'. For a database file, write {SqlitePrefix}{Shorten(connection)}.");

        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connection;
        }
        catch (ArgumentException e)
        {
            // Not echoed: a connection string may hold a password.
            throw new GeoValidationException("connection", "format", $"'connection' is not a valid connection string: {e.Message}");
        }
        foreach (var key in SqliteKeys)
            if (builder.TryGetValue(key, out var source))
                return new SqliteLocation(Convert.ToString(source, System.Globalization.CultureInfo.InvariantCulture) ?? "", connection,
                    SqliteLocationSource.ConnectionString);
        return new PostgresLocation(connection);
    }

    private static string ExpandHome(string path, PlatformEnvironment environment)
    {
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal) && !(environment.IsWindows && path.StartsWith(@"~\", StringComparison.Ordinal)))
            return path;
        var home = environment.Variable(environment.IsWindows ? "USERPROFILE" : "HOME") ?? environment.HomeFolder
            ?? throw new GeoValidationException("connection", "format", $"'connection' path '{path}' starts with '~' but the home folder is unknown; give a full path.");
        return path.Length <= 2 ? home : environment.Join(home, path[2..]);
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..57] + "..." : text;
}
