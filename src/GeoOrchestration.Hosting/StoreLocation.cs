using GeoOrchestration.Sqlite;

namespace GeoOrchestration.Hosting;

/// <summary>Which store a connection setting selects, and with what. See <see cref="StoreLocationParser"/>.</summary>
public abstract record StoreLocation
{
    private protected StoreLocation() { }
}

/// <summary>How a SQLite location was given.</summary>
public enum SqliteLocationSource
{
    /// <summary>Nothing was configured: the per-user default file (<see cref="DefaultDataPath"/>).</summary>
    Default,
    /// <summary><c>sqlite:PATH</c>.</summary>
    Path,
    /// <summary>A SQLite connection string (<c>Data Source=PATH;...</c>).</summary>
    ConnectionString,
}

/// <summary>The embedded SQLite store on a file.</summary>
/// <param name="Path">The database file as given (made absolute when the store opens it); for a connection string, its Data Source.</param>
/// <param name="ConnectionString">The SQLite connection string when one was given, else null.</param>
public sealed record SqliteLocation(string Path, string? ConnectionString, SqliteLocationSource Source) : StoreLocation
{
    /// <summary>Options for a store on this file, with every other option at its default.</summary>
    public SqliteStoreOptions ToOptions() =>
        ConnectionString is null ? new SqliteStoreOptions { Path = Path } : new SqliteStoreOptions { ConnectionString = ConnectionString };

    public override string ToString() => $"sqlite:{Path}";
}

/// <summary>A PostgreSQL server, by its Npgsql connection string (checked by the PostgreSQL store).</summary>
public sealed record PostgresLocation(string ConnectionString) : StoreLocation
{
    /// <summary>The server (<c>Host</c> or <c>Server</c>), or null when not given (Npgsql then uses localhost).</summary>
    public string? Host => PostgresConnectionText.Host(ConnectionString);

    /// <summary>The port, or null when not given (Npgsql then uses 5432).</summary>
    public int? Port => PostgresConnectionText.Port(ConnectionString);

    /// <summary>The database, or null when not given (PostgreSQL then uses the user name's).</summary>
    public string? Database => PostgresConnectionText.Database(ConnectionString);

    /// <summary>The user name, or null when not given.</summary>
    public string? Username => PostgresConnectionText.Username(ConnectionString);

    /// <summary>The connection string with any password replaced by <c>*****</c>: what may be shown.</summary>
    public string MaskedConnectionString => PostgresConnectionText.Masked(ConnectionString);

    // Never the connection string itself: it may hold a password.
    public override string ToString() => "postgresql";
}
