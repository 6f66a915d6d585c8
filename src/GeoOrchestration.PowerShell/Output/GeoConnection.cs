using System.Data.Common;

namespace GeoOrchestration.PowerShell;

/// <summary>
/// A store the module talks to, as <c>Connect-GeoOrchestration</c> outputs it and <c>-Connection</c>
/// takes it. The password is never a property: <see cref="ConnectionString"/> shows it masked.
/// </summary>
public sealed class GeoConnection
{
    private static readonly string[] PasswordKeys = ["Password", "PWD"];

    internal GeoConnection(string connectionString, string? schema, string source)
    {
        Secret = connectionString;
        Source = source;
        // The one reading of connection text every front end shares: sqlite:PATH or a SQLite
        // connection string is the embedded store (no schema), anything else PostgreSQL.
        if (Hosting.StoreLocationParser.Parse(connectionString, Hosting.PlatformEnvironment.Current) is Hosting.SqliteLocation sqlite)
        {
            Store = "SQLite";
            Path = System.IO.Path.GetFullPath(sqlite.Path);
            ConnectionString = $"{Hosting.StoreLocationParser.SqlitePrefix}{Path}";
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
    }

    /// <summary>The kind of store: <c>PostgreSQL</c>, or <c>SQLite</c> for the embedded store.</summary>
    public string Store { get; } = "PostgreSQL";

    /// <summary>The embedded store's database file; null for PostgreSQL.</summary>
    public string? Path { get; }

    /// <summary>True for the embedded SQLite store.</summary>
    public bool IsEmbedded => Path is not null;

    public string? Server { get; }
    public int? Port { get; }
    public string? Database { get; }
    public string? Username { get; }

    /// <summary>The PostgreSQL schema that holds the tables (default <c>geo</c>); null for SQLite (a file holds one store).</summary>
    public string? Schema { get; }

    /// <summary>Where it came from: <c>Connect-GeoOrchestration</c>, <c>GEO_CONNECTION</c> or <c>-Connection</c>.</summary>
    public string Source { get; }

    /// <summary>The connection string with any password replaced by <c>*****</c> (for SQLite, <c>sqlite:PATH</c>).</summary>
    public string ConnectionString { get; } = "";

    /// <summary>The connection string as given, password included; never shown.</summary>
    internal string Secret { get; }

    /// <summary>What identifies the store: equal keys share one client and connection pool.</summary>
    internal string Key => Schema + "\n" + Secret;

    public override string ToString() => IsEmbedded
        ? $"{Store} {Path}"
        : $"{Store} {Server}{(Port is { } p ? ":" + p : "")}/{Database} (schema {Schema})";

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
