using System.Collections.Concurrent;
using GeoOrchestration.Hosting;
using GeoOrchestration.Jobs;
using GeoOrchestration.Logging;
using GeoOrchestration.Registry;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Which store a cmdlet works on, and the one <see cref="GeoClient"/> (with its connection pool)
/// per store that every cmdlet of the process shares. The order (<c>-Connection</c>, then the
/// session's <c>Connect-GeoOrchestration</c>, then <c>$env:GEO_CONNECTION</c> with
/// <c>$env:GEO_SCHEMA</c>, then the embedded default) and the reading of connection text are
/// Hosting's <see cref="Hosting.GeoConnection.Resolve"/>, the one <c>geoorch</c> calls: this class
/// only keeps each session's default and hands over PowerShell's current location.
/// </summary>
internal static class ConnectionCache
{
    private static readonly ConcurrentDictionary<string, Lazy<GeoClient>> Clients = new();
    // Clients whose workers and submissions go through Service Bus, by store and namespace.
    private static readonly ConcurrentDictionary<(string Store, TransportSettings Transport), Lazy<GeoClient>> TransportClients = new();
    // Keyed by runspace: each PowerShell session has its own default, as a variable would be.
    private static readonly ConcurrentDictionary<Guid, GeoConnectionInfo> Defaults = new();
    private static readonly Lazy<JobRegistry> BuiltIns = new(() => JobRegistry.FromAssemblies(BuiltInJobs.Assembly));

    /// <summary>The built-in job types, for completion and dynamic parameters (no database needed).</summary>
    public static JobRegistry Registry => BuiltIns.Value;

    public static void SetDefault(Guid session, GeoConnectionInfo connection) => Defaults[session] = connection;

    /// <summary>Forgets the session's <c>Connect-GeoOrchestration</c>: its commands resolve their store as in a new session.</summary>
    public static void ClearDefault(Guid session) => Defaults.TryRemove(session, out _);

    /// <summary>The store a command works on: <paramref name="given"/> (<c>-Connection</c>), else the session's default, else <c>GEO_CONNECTION</c>, else the embedded default.</summary>
    /// <param name="currentFolder">PowerShell's current file system location, which a relative <c>sqlite:</c> path in <c>GEO_CONNECTION</c> is taken from.</param>
    /// <param name="environment">The environment variables and folders; default this process's.</param>
    public static GeoConnectionInfo Resolve(GeoConnectionInfo? given, Guid session, Func<string> currentFolder, PlatformEnvironment? environment = null)
    {
        if (given is not null) return given;
        Defaults.TryGetValue(session, out var chosen);
        var resolved = Hosting.GeoConnection.Resolve(null, null, environment, chosen?.Connection, currentFolder);
        // The session's transport goes with the session's store (Connect-GeoOrchestration -ServiceBusNamespace).
        return new GeoConnectionInfo(resolved) { TransportSettings = resolved.Source == GeoConnectionSource.Session ? chosen?.TransportSettings : null };
    }

    /// <summary>
    /// A connection given as text (<c>-Connection</c>, <c>Connect-GeoOrchestration -ConnectionString</c>),
    /// with <paramref name="schema"/> or else <c>GEO_SCHEMA</c>; a relative <c>sqlite:</c> path is taken from <paramref name="currentFolder"/>.
    /// </summary>
    public static GeoConnectionInfo FromText(string text, string? schema, Func<string> currentFolder, PlatformEnvironment? environment = null) =>
        new(Hosting.GeoConnection.Resolve(text, schema, environment, relativeTo: currentFolder));

    /// <summary>The shared client of a store, created on first use. Creating it opens no connection.</summary>
    public static GeoClient ClientFor(GeoConnectionInfo connection) =>
        Clients.GetOrAdd(connection.Key, _ => new Lazy<GeoClient>(() => Create(connection))).Value;

    /// <summary>
    /// The shared client of a store whose workers and submissions use <paramref name="transport"/>: for the
    /// database transport the store's one client, for Service Bus one client (and transport) per store and
    /// namespace. The embedded store with Service Bus is refused before anything opens.
    /// </summary>
    /// <exception cref="Errors.GeoValidationException">Service Bus on the embedded store.</exception>
    public static GeoClient ClientFor(GeoConnectionInfo connection, TransportSettings transport)
    {
        transport.RequireSupportedBy(connection.Connection);
        if (!transport.IsServiceBus) return ClientFor(connection);
        var lazy = TransportClients.GetOrAdd((connection.Key, transport),
            _ => new Lazy<GeoClient>(() => connection.Connection.CreateClient(Registry, transport, PipelineQueue.Log, GeoLogLevel.Debug)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Not cached: the next command tries again (a namespace that answers by then).
            TransportClients.TryRemove(new KeyValuePair<(string, TransportSettings), Lazy<GeoClient>>((connection.Key, transport), lazy));
            throw;
        }
    }

    // The one place a client is made: the store opened the way every front end opens it.
    private static GeoClient Create(GeoConnectionInfo connection)
    {
        var store = connection.Connection.OpenStore();
        // Nothing is deployed here: the embedded store creates its file and schema at its first
        // write (when it may create it at all), after the cmdlet has checked its input, so refused
        // input leaves no file behind.
        return new GeoClient(store, Registry, PipelineQueue.Log, GeoLogLevel.Debug);
    }

    /// <summary>Closes every pool (when the module is removed).</summary>
    public static void DisposeAll()
    {
        // Transport clients first: disposing one sends what its relay still holds, through its store.
        foreach (var client in TransportClients.Values.Concat(Clients.Values).Where(c => c.IsValueCreated).Select(c => c.Value))
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        TransportClients.Clear();
        Clients.Clear();
        Defaults.Clear();
    }
}
