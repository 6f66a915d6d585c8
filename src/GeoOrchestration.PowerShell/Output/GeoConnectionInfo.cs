using GeoOrchestration.Hosting;

namespace GeoOrchestration.PowerShell;

/// <summary>
/// A store the module talks to, as <c>Connect-GeoOrchestration</c> and <c>Get-GeoConnection</c> output
/// it and <c>-Connection</c> takes it: the PowerShell view of a resolved <see cref="GeoConnection"/>
/// (resolved by Hosting, as <c>geoorch</c> resolves it). The password is never a property:
/// <see cref="ConnectionString"/> shows it masked.
/// </summary>
public sealed class GeoConnectionInfo
{
    internal GeoConnectionInfo(GeoConnection connection)
    {
        Connection = connection;
        Source = connection.Source switch
        {
            GeoConnectionSource.Explicit => "-Connection",
            GeoConnectionSource.Session => "Connect-GeoOrchestration",
            GeoConnectionSource.Environment => GeoConnection.ConnectionVariable,
            _ => "default",
        };
        switch (connection.Location)
        {
            case SqliteLocation sqlite:
                Store = "SQLite";
                Path = System.IO.Path.GetFullPath(sqlite.Path);
                ConnectionString = $"{StoreLocationParser.SqlitePrefix}{Path}";
                Location = Path;
                break;
            case PostgresLocation postgres:
                Schema = connection.Schema;
                Server = postgres.Host;
                Port = postgres.Port;
                Database = postgres.Database;
                Username = postgres.Username;
                ConnectionString = postgres.MaskedConnectionString;
                Location = $"{Server ?? "localhost"}{(Port is { } p ? ":" + p : "")}/{Database ?? Username}" + (Username is null ? "" : $" (user {Username})");
                EntraId = connection.EntraId?.ToString();
                break;
        }
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

    /// <summary>
    /// The Entra ID credential PostgreSQL logins use (<c>-UseEntraId</c>), e.g. <c>managed-identity (system-assigned)</c>;
    /// null when the connection string's password (or the server's other means) is used. Never a token.
    /// </summary>
    public string? EntraId { get; }

    /// <summary>True when PostgreSQL logins use Entra ID tokens.</summary>
    public bool UsesEntraId => EntraId is not null;

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
    public bool CreatesStore => Connection.CreatesStore;

    /// <summary>
    /// How work reaches workers on this connection: <c>ServiceBus</c> when <c>Connect-GeoOrchestration</c>
    /// named a namespace (or <c>Get-GeoConnection</c> found <c>GEO_SERVICEBUS</c>), else <c>Database</c>.
    /// </summary>
    public string Transport => TransportSettings?.IsServiceBus == true ? "ServiceBus" : "Database";

    /// <summary>The Service Bus namespace's host (<c>geo-prod.servicebus.windows.net</c>); null for the database transport. Never the key.</summary>
    public string? ServiceBusNamespace => TransportSettings?.ServiceBus?.Namespace;

    /// <summary>How the namespace is reached: <c>EntraId</c> or <c>SharedAccessKey</c>; null for the database transport.</summary>
    public string? ServiceBusAuthentication => TransportSettings?.ServiceBus is { } target ? target.UsesEntraId ? "EntraId" : "SharedAccessKey" : null;

    /// <summary>The Service Bus transport chosen with this connection (the key included: internal, never shown); null when none was.</summary>
    internal TransportSettings? TransportSettings { get; init; }

    /// <summary>The connection string with any password replaced by <c>*****</c> (for SQLite, <c>sqlite:PATH</c>).</summary>
    public string ConnectionString { get; } = "";

    /// <summary>The resolved connection, password included: internal, so never shown, serialized or formatted.</summary>
    internal GeoConnection Connection { get; }

    /// <summary>What identifies the store: equal keys share one client and connection pool.</summary>
    internal string Key => Schema + "\n" + CreatesStore + "\n" + EntraId + "\n" + Connection.Location switch
    {
        SqliteLocation sqlite => sqlite.ConnectionString ?? ConnectionString,
        PostgresLocation postgres => postgres.ConnectionString,
        var other => other.ToString(),
    };

    public override string ToString() => IsEmbedded
        ? $"{Store} {Path}"
        : $"{Store} {Server}{(Port is { } p ? ":" + p : "")}/{Database} (schema {Schema})";

    /// <summary>The store and where it came from, for a verbose line: <c>SQLite /home/ada/.local/share/geoorchestration/geo.db (default)</c>. Never a password.</summary>
    internal string Describe() => $"{this} ({Source})" + (EntraId is null ? "" : $", Entra ID {EntraId}");
}
