using System.Collections.Concurrent;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Logging;
using GeoOrchestration.PowerShell.Output;
using GeoOrchestration.Registry;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Which store a cmdlet works on, and the one <see cref="GeoClient"/> (with its connection pool)
/// per store that every cmdlet of the process shares. Order: <c>-Connection</c>, then the
/// session's <c>Connect-GeoOrchestration</c>, then <c>$env:GEO_CONNECTION</c> (schema from
/// <c>$env:GEO_SCHEMA</c>), then the embedded default.
/// </summary>
internal static class ConnectionCache
{
    public const string ConnectionVariable = "GEO_CONNECTION";
    public const string SchemaVariable = "GEO_SCHEMA";

    private static readonly ConcurrentDictionary<string, Lazy<GeoClient>> Clients = new();
    // Keyed by runspace: each PowerShell session has its own default, as a variable would be.
    private static readonly ConcurrentDictionary<Guid, GeoConnection> Defaults = new();
    private static readonly Lazy<JobRegistry> BuiltIns = new(() => JobRegistry.FromAssemblies(BuiltInJobs.Assembly));

    /// <summary>The built-in job types, for completion and dynamic parameters (no database needed).</summary>
    public static JobRegistry Registry => BuiltIns.Value;

    public static void SetDefault(Guid session, GeoConnection connection) => Defaults[session] = connection;

    /// <summary>Forgets the session's <c>Connect-GeoOrchestration</c>: its commands resolve their store as in a new session.</summary>
    public static void ClearDefault(Guid session) => Defaults.TryRemove(session, out _);

    /// <param name="currentFolder">PowerShell's current file system location, which a relative <c>sqlite:</c> path in <c>GEO_CONNECTION</c> is taken from.</param>
    public static GeoConnection Resolve(GeoConnection? given, Guid session, Func<string> currentFolder)
    {
        if (given is not null) return given;
        if (Defaults.TryGetValue(session, out var chosen)) return chosen;
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return new GeoConnection(GeoConnection.Rooted(fromEnvironment, currentFolder), SchemaFromEnvironment(), ConnectionVariable);
        // Nothing configured: the embedded store in the per-user data folder, as geoorch uses it,
        // the one store (with Connect-GeoOrchestration -Path) that any command creates when missing.
        return new GeoConnection(Hosting.StoreLocationParser.SqlitePrefix + Hosting.DefaultDataPath.Resolve(Hosting.PlatformEnvironment.Current),
            null, "default", createsStore: true);
    }

    public static string SchemaFromEnvironment() =>
        Environment.GetEnvironmentVariable(SchemaVariable) is { Length: > 0 } schema ? schema : Postgres.SchemaName.Default;

    /// <summary>The shared client of a store, created on first use. Creating it opens no connection.</summary>
    public static GeoClient ClientFor(GeoConnection connection) =>
        Clients.GetOrAdd(connection.Key, _ => new Lazy<GeoClient>(() => Create(connection))).Value;

    // The one place a client is made: the store opened the way every front end opens it.
    private static GeoClient Create(GeoConnection connection)
    {
        var resolved = Hosting.GeoConnection.Resolve(connection.Secret, connection.Schema);
        if (connection.CreatesStore) resolved = resolved.AllowingCreation();
        var store = resolved.OpenStore();
        // Nothing is deployed here: the embedded store creates its file and schema at its first
        // write (when it may create it at all), after the cmdlet has checked its input, so refused
        // input leaves no file behind.
        return new GeoClient(store, Registry, PipelineQueue.Log, GeoLogLevel.Debug);
    }

    /// <summary>Closes every pool (when the module is removed).</summary>
    public static void DisposeAll()
    {
        foreach (var client in Clients.Values.Where(c => c.IsValueCreated).Select(c => c.Value))
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Clients.Clear();
        Defaults.Clear();
    }
}
