using System.Data.Common;

namespace GeoOrchestration.PowerShell.Output;

/// <summary>
/// A store the module talks to, as <c>Connect-GeoOrchestration</c> outputs it and <c>-Connection</c>
/// takes it. The password is never a property: <see cref="ConnectionString"/> shows it masked.
/// </summary>
public sealed class GeoConnection
{
    private static readonly string[] PasswordKeys = ["Password", "PWD"];

    internal GeoConnection(string connectionString, string? schema, string source, bool createsStore = false)
    {
        Secret = connectionString;
        Source = source;
        CreatesStore = createsStore;
        // The one reading of connection text every front end shares: sqlite:PATH or a SQLite
        // connection string is the embedded store (no schema), anything else PostgreSQL.
        if (Hosting.StoreLocationParser.Parse(connectionString, Hosting.PlatformEnvironment.Current) is Hosting.SqliteLocation sqlite)
        {
            Store = "SQLite";
            Path = System.IO.Path.GetFullPath(sqlite.Path);
            ConnectionString = $"{Hosting.StoreLocationParser.SqlitePrefix}{Path}";
            Location = Path;
            return;
        }
        Schema = schema ?? GeoOrchestration.Postgres.SchemaName.Default;
        var parts = Parse(connectionString);
        Server = Get(parts, "Host", "Server", "Data Source");
        Port = int.TryParse(Get(parts, "Port"), out var port) ? port : null;
        Database = Get(parts, "Database", "Initial Catalog");
        Username = Get(parts, "Username", "User ID", "User", "UID");
        foreach (var key in PasswordKeys)
            if (parts.ContainsKey(key)) parts[key] = "*****";
        ConnectionString = parts.ConnectionString;
        Location = $"{Server ?? "localhost"}{(Port is { } p ? ":" + p : "")}/{Database ?? Username}" + (Username is null ? "" : $" (user {Username})");
    }

    /// <summary>The kind of store: <c>PostgreSQL</c>, or <c>SQLite</c> for the embedded store.</summary>
    public string Store { get; } = "PostgreSQL";

    /// <summary>The embedded store's database file; null for PostgreSQL.</summary>
    public string? Path { get; }

    /// <summary>True for the embedded SQLite store.</summary>
    public bool IsEmbedded => Path is not null;

    /// <summary>Where the store is, without a password: the database file, or <c>server:port/database (user name)</c>.</summary>
    public string Location { get; } = "";

    public string? Server { get; }
    public int? Port { get; }
    public string? Database { get; }
    public string? Username { get; }

    /// <summary>The PostgreSQL schema that holds the tables (default <c>geo</c>); null for SQLite (a file holds one store).</summary>
    public string? Schema { get; }

    /// <summary>Where it came from: <c>-Connection</c>, <c>Connect-GeoOrchestration</c>, <c>GEO_CONNECTION</c> or <c>default</c> (the embedded per-user file).</summary>
    public string Source { get; }

    /// <summary>
    /// Whether the first command that uses it creates the store when it does not exist: the embedded
    /// default file and a <c>Connect-GeoOrchestration -Path</c> file do; a file named by
    /// <c>-Connection</c> or <c>GEO_CONNECTION</c> is refused when missing (a typo must not become a new
    /// store), and a PostgreSQL schema is created only by <c>Invoke-GeoSchemaDeploy</c> or <c>Invoke-GeoJob -Deploy</c>.
    /// </summary>
    public bool CreatesStore { get; }

    /// <summary>The connection string with any password replaced by <c>*****</c> (for SQLite, <c>sqlite:PATH</c>).</summary>
    public string ConnectionString { get; } = "";

    /// <summary>The connection string as given, password included; never shown.</summary>
    internal string Secret { get; }

    /// <summary>What identifies the store: equal keys share one client and connection pool.</summary>
    internal string Key => Schema + "\n" + CreatesStore + "\n" + Secret;

    public override string ToString() => IsEmbedded
        ? $"{Store} {Path}"
        : $"{Store} {Server}{(Port is { } p ? ":" + p : "")}/{Database} (schema {Schema})";

    /// <summary>The store and where it came from, for a verbose line: <c>SQLite /home/ada/.local/share/geoorchestration/geo.db (default)</c>. Never a password.</summary>
    internal string Describe() => $"{this} ({Source})";

    /// <summary>
    /// <paramref name="text"/> with a relative <c>sqlite:</c> path made absolute against
    /// <paramref name="folder"/> (PowerShell's current file system location, which is not the
    /// process's working directory); anything else as it was. A leading <c>~</c> is left for the parser.
    /// </summary>
    internal static string Rooted(string text, Func<string> folder)
    {
        const string prefix = Hosting.StoreLocationParser.SqlitePrefix;
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return text;
        var path = text[prefix.Length..];
        if (string.IsNullOrWhiteSpace(path) || path.StartsWith('~') || System.IO.Path.IsPathRooted(path)) return text;
        return prefix + System.IO.Path.GetFullPath(System.IO.Path.Combine(folder(), path));
    }

    private static DbConnectionStringBuilder Parse(string text)
    {
        try { return new DbConnectionStringBuilder { ConnectionString = text }; }
        catch (ArgumentException e)
        {
            throw new Errors.GeoValidationException("connection", "format", $"'connection' is not a valid connection string: {e.Message}");
        }
    }

    private static string? Get(DbConnectionStringBuilder parts, params string[] keys)
    {
        foreach (var key in keys)
            if (parts.TryGetValue(key, out var value) && value is not null) return value.ToString();
        return null;
    }
}
