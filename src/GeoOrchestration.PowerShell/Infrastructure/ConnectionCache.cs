using System.Collections.Concurrent;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Logging;
using GeoOrchestration.PowerShell;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Infrastructure;

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

    public static GeoConnection Resolve(GeoConnection? given, Guid session)
    {
        if (given is not null) return given;
        if (Defaults.TryGetValue(session, out var chosen)) return chosen;
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return new GeoConnection(fromEnvironment, SchemaFromEnvironment(), ConnectionVariable);
        // Nothing configured: the embedded store in the per-user data folder, as geoorch uses it.
        return new GeoConnection(Hosting.StoreLocationParser.SqlitePrefix + Hosting.DefaultDataPath.Resolve(Hosting.PlatformEnvironment.Current),
            null, "default");
    }

    public static string SchemaFromEnvironment() =>
        Environment.GetEnvironmentVariable(SchemaVariable) is { Length: > 0 } schema ? schema : Postgres.SchemaName.Default;

    /// <summary>The shared client of a store, created on first use. Creating it opens no connection.</summary>
    public static GeoClient ClientFor(GeoConnection connection) =>
        Clients.GetOrAdd(connection.Key, _ => new Lazy<GeoClient>(() => Create(connection))).Value;

    // The one place a client is made: the store opened the way every front end opens it.
    private static GeoClient Create(GeoConnection connection)
    {
        var store = Hosting.GeoConnection.Resolve(connection.Secret, connection.Schema).OpenStore();
        // Nothing is deployed here: the embedded store creates its file and schema at its first
        // write, after the cmdlet has checked its input, so refused input leaves no file behind.
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
