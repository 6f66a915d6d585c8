using System.Data.Common;
using System.Management.Automation;
using System.Security;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Sets the store this session's GeoOrchestration cmdlets work on and outputs it (password masked).
/// Opens no connection: the first command that needs the store does.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "GeoOrchestration", DefaultParameterSetName = ConnectionStringSet)]
[OutputType(typeof(GeoConnectionInfo))]
public sealed class ConnectGeoOrchestrationCommand : GeoCmdlet
{
    private const string ConnectionStringSet = "ConnectionString";
    private const string ServerSet = "Server";
    private const string PathSet = "Path";

    /// <summary>A PostgreSQL (Npgsql) connection string, e.g. <c>Host=db;Username=geo;Database=geo</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL server's host name or address.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ServerSet)]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = "";

    /// <summary>The server's port. Default 5432.</summary>
    [Parameter(ParameterSetName = ServerSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 5432;

    /// <summary>The database. Default: the user name's database, as PostgreSQL decides.</summary>
    [Parameter(ParameterSetName = ServerSet)]
    public string? Database { get; set; }

    /// <summary>User name and password; without it, the connection uses the server's other means (trust, a pgpass file).</summary>
    [Parameter(ParameterSetName = ServerSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>An embedded SQLite store file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The schema that holds the tables. Default <c>$env:GEO_SCHEMA</c>, else <c>geo</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Schema { get; set; }

    /// <summary>
    /// PostgreSQL logins by Entra ID token (Azure Database for PostgreSQL): the connection names the Entra
    /// role as its user name and holds no password; each new connection gets a current token from the
    /// process's credential (<see cref="AzureCredential"/>).
    /// </summary>
    [Parameter]
    public SwitchParameter UseEntraId { get; set; }

    /// <summary>
    /// The Entra ID credential: <c>Default</c> (Azure's DefaultAzureCredential, for developer machines),
    /// <c>ManagedIdentity</c> or <c>WorkloadIdentity</c> (name it in containers). Default <c>$env:GEO_CREDENTIAL</c>, else <c>Default</c>.
    /// </summary>
    [Parameter]
    [ValidateSet("Default", "ManagedIdentity", "WorkloadIdentity")]
    public string? AzureCredential { get; set; }

    /// <summary>The client id of a user-assigned managed identity (or of a workload identity's application). Default <c>$env:AZURE_CLIENT_ID</c>; without one, the system-assigned identity.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The Azure Service Bus namespace the session's workers and submissions use (<c>geo-prod</c> or
    /// <c>geo-prod.servicebus.windows.net</c>), reached with the process's Entra ID credential. PostgreSQL only.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServiceBusNamespace { get; set; }

    /// <summary>
    /// A Service Bus SAS connection string instead of a namespace: a SecureString (<c>Get-Secret</c>'s) or
    /// plain text. Kept in the session, never shown. PostgreSQL only.
    /// </summary>
    [Parameter]
    [SecretTextTransformation]
    [ValidateNotNull]
    public SecureString? ServiceBusConnectionString { get; set; }

    /// <summary>
    /// Not a parameter of this command: it sets the session's store rather than working on one.
    /// Overridden without <see cref="ParameterAttribute"/>, so PowerShell does not offer it.
    /// </summary>
    public override GeoConnectionInfo? Connection { get => null; set { } }

    protected override void EndProcessing()
    {
        try
        {
            var text = ParameterSetName switch
            {
                ServerSet => FromParts(),
                // Relative to PowerShell's current location, not the process's working directory.
                PathSet => Hosting.StoreLocationParser.SqlitePrefix + SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
                _ => ConnectionString,
            };
            // Read as every front end reads a connection (Hosting): -Schema, else GEO_SCHEMA, else geo,
            // refused for a SQLite file; a relative sqlite: path is the current location's.
            var resolved = Hosting.GeoConnection.Resolve(text, Schema, relativeTo: () => SessionState.Path.CurrentFileSystemLocation.ProviderPath).AsSessionDefault();
            if (UseEntraId) resolved = resolved.WithEntraId(ResolveEntraId());
            // A file given by -Path is one the user chose to have: created on first use, as the default file is.
            var connection = new GeoConnectionInfo(ParameterSetName == PathSet ? resolved.AllowingCreation() : resolved)
            {
                TransportSettings = SessionTransport.From(ServiceBusNamespace, ServiceBusConnectionString, resolved, ResolveEntraId),
            };
            ConnectionCache.SetDefault(SessionId, connection);
            WriteVerbose($"Store: {connection.Describe()}");
            WriteObject(connection);
        }
        catch (GeoException e)
        {
            Fail(e, ParameterSetName == PathSet ? Path : Server.Length > 0 ? Server : null);
        }
    }

    /// <summary>The process's credential options from <see cref="AzureCredential"/> and <see cref="ManagedIdentityClientId"/>, else the environment (Hosting's rules, as <c>geoorch</c>'s).</summary>
    private Hosting.EntraId.EntraIdOptions ResolveEntraId() => Hosting.EntraId.EntraIdOptions.Resolve(AzureCredential switch
    {
        "ManagedIdentity" => "managed-identity",
        "WorkloadIdentity" => "workload-identity",
        var other => other,
    }, ManagedIdentityClientId);

    private string FromParts()
    {
        // DbConnectionStringBuilder quotes whatever the values hold (';', '=', quotes).
        var builder = new DbConnectionStringBuilder { ["Host"] = Server, ["Port"] = Port };
        if (!string.IsNullOrEmpty(Database)) builder["Database"] = Database;
        if (Credential is not null)
        {
            builder["Username"] = Credential.UserName;
            builder["Password"] = Credential.GetNetworkCredential().Password;
        }
        return builder.ConnectionString;
    }
}
