using Azure.Core;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Hosting;

/// <summary>
/// The store a front end works with, resolved the same way by every front end (<see cref="Resolve"/>):
/// the connection given to the command, else the session's default (<c>Connect-GeoOrchestration</c>;
/// <c>geoorch</c> has none), else <c>GEO_CONNECTION</c> (schema <c>GEO_SCHEMA</c>), else the embedded
/// SQLite file at the per-user default path (<see cref="DefaultDataPath"/>). See
/// <see cref="StoreLocationParser"/> for the accepted forms.
/// </summary>
public sealed partial class GeoConnection
{
    /// <summary>The environment variable holding the connection when none is given.</summary>
    public const string ConnectionVariable = "GEO_CONNECTION";

    /// <summary>The environment variable holding the PostgreSQL schema when none is given.</summary>
    public const string SchemaVariable = "GEO_SCHEMA";

    private GeoConnection(StoreLocation location, string? schema, GeoConnectionSource source, bool createsStore = false,
        EntraIdOptions? entraId = null, TokenCredential? credential = null)
    {
        Location = location;
        Schema = schema;
        Source = source;
        CreatesStore = createsStore || source == GeoConnectionSource.Default;
        EntraId = entraId;
        Credential = credential;
    }

    public StoreLocation Location { get; }

    /// <summary>The PostgreSQL schema; null for the embedded store (a SQLite file has one).</summary>
    public string? Schema { get; }

    public GeoConnectionSource Source { get; }

    /// <summary>True for the embedded SQLite store.</summary>
    public bool IsEmbedded => Location is SqliteLocation;

    /// <summary>
    /// Whether first use creates the store when it does not exist: true for the embedded default
    /// file and for a file the user chose to create (<see cref="AllowingCreation"/>:
    /// <c>Connect-GeoOrchestration -Path</c>, a worker). A file named by <c>--connection</c> or
    /// <c>GEO_CONNECTION</c> is not created by a command that reads or submits: a typo must not
    /// become a new, empty store. A PostgreSQL schema is never created but by a deploy.
    /// </summary>
    public bool CreatesStore { get; }

    /// <summary>This connection, with a missing SQLite file created on first use (see <see cref="CreatesStore"/>).</summary>
    public GeoConnection AllowingCreation() => new(Location, Schema, Source, createsStore: true, EntraId, Credential);

    /// <summary>This connection as a session's default (<c>Connect-GeoOrchestration</c>): <see cref="Source"/> is <see cref="GeoConnectionSource.Session"/>.</summary>
    public GeoConnection AsSessionDefault() => new(Location, Schema, GeoConnectionSource.Session, CreatesStore, EntraId, Credential);

    /// <summary>
    /// Resolves the connection, in this order: <paramref name="connection"/> given to the command, else
    /// <paramref name="session"/>, else <c>GEO_CONNECTION</c>, else the embedded default file.
    /// <paramref name="connection"/> and <paramref name="schema"/> are what the command was given (null
    /// when not); the schema goes with a connection read here (given or <c>GEO_CONNECTION</c>), while a
    /// session's connection keeps its own. A schema applies to PostgreSQL only: given for the embedded
    /// store it is refused, while <c>GEO_SCHEMA</c> is then ignored (it may be set for other sessions
    /// that use PostgreSQL).
    /// </summary>
    /// <param name="connection">The connection given to the command (<c>--connection</c>, <c>-Connection</c>), or null.</param>
    /// <param name="schema">The PostgreSQL schema given to the command, or null for <c>GEO_SCHEMA</c>, else <c>geo</c>.</param>
    /// <param name="environment">The environment variables and folders; default this process's.</param>
    /// <param name="session">The session's default (<c>Connect-GeoOrchestration</c>), or null.</param>
    /// <param name="relativeTo">The folder a relative <c>sqlite:</c> path is taken from, asked only for such a path (see <see cref="StoreLocationParser.Parse"/>); null leaves it to the working directory.</param>
    /// <exception cref="GeoValidationException">Field <c>connection</c> or <c>schema</c>: the rule broken.</exception>
    /// <exception cref="GeoConfigurationException">Nothing is configured and no per-user folder exists.</exception>
    public static GeoConnection Resolve(string? connection, string? schema, PlatformEnvironment? environment = null,
        GeoConnection? session = null, Func<string>? relativeTo = null)
    {
        environment ??= PlatformEnvironment.Current;
        var source = !string.IsNullOrWhiteSpace(connection) ? GeoConnectionSource.Explicit
            : session is not null ? GeoConnectionSource.Session
            : environment.Variable(ConnectionVariable) is not null ? GeoConnectionSource.Environment
            : GeoConnectionSource.Default;
        if (source == GeoConnectionSource.Session) return session!;
        var text = source switch
        {
            GeoConnectionSource.Explicit => connection,
            GeoConnectionSource.Environment => environment.Variable(ConnectionVariable),
            _ => null,
        };
        var location = StoreLocationParser.Parse(text, environment, relativeTo);
        if (location is SqliteLocation)
        {
            if (!string.IsNullOrWhiteSpace(schema))
                throw new GeoValidationException("schema", "not_applicable",
                    $"'schema' applies to a PostgreSQL store only; {Describe(location, null, source)} keeps one store per file.");
            return new GeoConnection(location, null, source);
        }
        var pgSchema = !string.IsNullOrWhiteSpace(schema) ? schema : environment.Variable(SchemaVariable) ?? SchemaName.Default;
        // Checked here, not first when the store opens: bad input is refused before anything connects.
        SchemaName.Parse(pgSchema);
        return new GeoConnection(location, pgSchema, source);
    }

    /// <summary>
    /// Opens the store. The embedded store creates its file and schema on first use when
    /// <see cref="CreatesStore"/>, else refuses a missing file; an existing file is brought to this
    /// build's schema on first use. PostgreSQL needs a deployed schema.
    /// </summary>
    public IGeoStore OpenStore(TimeProvider? time = null)
    {
        // The one place every front end passes before validating a job or running a task: Blob Storage's credential.
        BlobCredentialSeam.Install(EntraId);
        return OpenLocation(time);
    }

    private IGeoStore OpenLocation(TimeProvider? time) => Location switch
    {
        SqliteLocation sqlite => new SqliteStore(sqlite.ToOptions() with { CreateIfMissing = CreatesStore }, time),
        PostgresLocation postgres => new PostgresStore(new PostgresStoreOptions
        {
            ConnectionString = postgres.ConnectionString,
            Schema = Schema!,
            PasswordProvider = Credential is null ? null : PostgresEntraId.PasswordProvider(Credential, EntraId!.ToString()),
        }, time),
        _ => throw new InvalidOperationException($"Unknown store location {Location.GetType().Name}."),
    };

    /// <summary>A client over a newly opened store; disposing the client closes the store.</summary>
    public GeoClient CreateClient(JobRegistry registry, ILoggerFactory? loggers = null, TimeProvider? time = null) =>
        new(OpenStore(time), registry, time, loggers);

    /// <summary>
    /// Which store this is, for people: <c>sqlite:/home/ada/.local/share/geoorchestration/geo.db (default)</c>
    /// or <c>postgresql://geo@db.example:5432/geo, schema geo (GEO_CONNECTION)</c>. Never a password.
    /// </summary>
    public override string ToString() => Describe(Location, Schema, Source) + (EntraId is null ? "" : $", Entra ID {EntraId}");

    private static string Describe(StoreLocation location, string? schema, GeoConnectionSource source)
    {
        var origin = source switch
        {
            GeoConnectionSource.Default => " (default)",
            GeoConnectionSource.Environment => $" ({ConnectionVariable})",
            _ => "",
        };
        return location switch
        {
            SqliteLocation sqlite => $"sqlite:{Path.GetFullPath(sqlite.Path)}{origin}",
            PostgresLocation postgres => $"{PostgresTarget(postgres)}, schema {schema}{origin}",
            _ => location.ToString() + origin,
        };
    }

    /// <summary>Host, port, user and database of a PostgreSQL connection string, with Npgsql's defaults where not given.</summary>
    private static string PostgresTarget(PostgresLocation postgres)
    {
        var user = postgres.Username is { } name ? $"{name}@" : "";
        return $"postgresql://{user}{postgres.Host ?? "localhost"}:{postgres.Port ?? 5432}/{postgres.Database ?? postgres.Username ?? ""}";
    }
}
