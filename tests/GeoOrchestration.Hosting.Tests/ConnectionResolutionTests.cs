using System.CommandLine;
using GeoOrchestration.Cli;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// One connection resolution for both front ends (issue 18, part 3): for the same inputs, geoorch
/// (its parsed <c>--connection</c>/<c>--schema</c>) and the module (<c>-Connection</c>, the session's
/// <c>Connect-GeoOrchestration</c>) pick the same store from the same place, in the order
/// given &gt; session &gt; <c>GEO_CONNECTION</c> &gt; embedded default. Paths are absolute: a relative
/// <c>sqlite:</c> path is, by design, the working directory's for geoorch and PowerShell's location for the module.
/// </summary>
public sealed class ConnectionResolutionTests
{
    private const string Folder = "/work/here";
    private const string Postgres = "Host=db.example;Port=6543;Username=geo;Password=s3cr3t;Database=geo";

    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    /// <summary>What identifies a resolved store and why it was chosen.</summary>
    private static (StoreLocation, string?, GeoConnectionSource, bool) Facts(GeoConnection c) => (c.Location, c.Schema, c.Source, c.CreatesStore);

    private static GeoConnection Cli(string? connection, string? schema, PlatformEnvironment environment)
    {
        var options = new GlobalOptions();
        var root = new RootCommand();
        options.AddTo(root);
        var arguments = new List<string>();
        if (connection is not null) arguments.AddRange(["--connection", connection]);
        if (schema is not null) arguments.AddRange(["--schema", schema]);
        var parse = root.Parse(arguments);
        Assert.Empty(parse.Errors);
        return CliSession.ResolveConnection(parse, options, environment);
    }

    private static GeoConnection Module(string? connection, string? session, PlatformEnvironment environment)
    {
        var id = Guid.NewGuid();
        try
        {
            // What Connect-GeoOrchestration -ConnectionString sets, and what -Connection 'text' binds to.
            if (session is not null)
                ConnectionCache.SetDefault(id, new GeoConnectionInfo(GeoConnection.Resolve(session, null, environment, relativeTo: () => Folder).AsSessionDefault()));
            var given = connection is null ? null : ConnectionCache.FromText(connection, null, () => Folder, environment);
            return ConnectionCache.Resolve(given, id, () => Folder, environment).Connection;
        }
        finally
        {
            ConnectionCache.ClearDefault(id);
        }
    }

    public static TheoryData<string?, string?, string?, string?, GeoConnectionSource, string> Cases => new()
    {
        // connection given, session default, GEO_CONNECTION, GEO_SCHEMA -> source, where
        { null, null, null, null, GeoConnectionSource.Default, "sqlite:/data/xdg/geoorchestration/geo.db" },
        { null, null, null, "etl", GeoConnectionSource.Default, "sqlite:/data/xdg/geoorchestration/geo.db" },
        { null, null, "sqlite:/srv/env.db", null, GeoConnectionSource.Environment, "sqlite:/srv/env.db" },
        { null, null, Postgres, "etl", GeoConnectionSource.Environment, "postgresql://geo@db.example:6543/geo, schema etl" },
        { null, "sqlite:/srv/session.db", "sqlite:/srv/env.db", null, GeoConnectionSource.Session, "sqlite:/srv/session.db" },
        { "sqlite:/srv/given.db", "sqlite:/srv/session.db", "sqlite:/srv/env.db", null, GeoConnectionSource.Explicit, "sqlite:/srv/given.db" },
        { "Data Source=/srv/given.db", null, Postgres, "etl", GeoConnectionSource.Explicit, "sqlite:/srv/given.db" },
        { Postgres, null, "sqlite:/srv/env.db", null, GeoConnectionSource.Explicit, "postgresql://geo@db.example:6543/geo, schema geo" },
        { Postgres, null, null, "etl", GeoConnectionSource.Explicit, "postgresql://geo@db.example:6543/geo, schema etl" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_SameInputs_HostingOrderGivenSessionEnvironmentDefault(
        string? connection, string? session, string? environmentConnection, string? environmentSchema, GeoConnectionSource source, string where)
    {
        var environment = Environment(environmentConnection, environmentSchema);

        var resolved = GeoConnection.Resolve(connection, null, environment,
            session is null ? null : GeoConnection.Resolve(session, null, environment).AsSessionDefault());

        Assert.Equal(source, resolved.Source);
        Assert.StartsWith(where, resolved.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", resolved.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CliAndModule_SameInputs_ResolveTheSameConnection(
        string? connection, string? session, string? environmentConnection, string? environmentSchema, GeoConnectionSource source, string where)
    {
        var environment = Environment(environmentConnection, environmentSchema);

        var module = Module(connection, session, environment);

        Assert.Equal(source, module.Source);
        Assert.StartsWith(where, module.ToString(), StringComparison.Ordinal);
        // geoorch has no session default: it resolves what it was given, else the environment, as
        // the module does in a session that has not connected.
        var cli = Cli(connection, null, environment);
        Assert.Equal(Facts(session is null ? module : Module(connection, null, environment)), Facts(cli));
        Assert.Equal((session is null ? module : Module(connection, null, environment)).ToString(), cli.ToString());
    }

    [Fact]
    public void CliAndModule_SchemaOption_AppliesToTheEnvironmentsPostgres()
    {
        var environment = Environment(Postgres, "etl");

        // geoorch --schema over GEO_SCHEMA; the module's Connect-GeoOrchestration -Schema does the same.
        var cli = Cli(null, "other", environment);
        var connected = new GeoConnectionInfo(GeoConnection.Resolve(Postgres, "other", environment).AsSessionDefault());

        Assert.Equal(("other", "other"), (cli.Schema, connected.Schema));
        Assert.Equal(GeoConnectionSource.Environment, cli.Source);
        Assert.Equal("Connect-GeoOrchestration", connected.Source);
    }

    [Fact]
    public void Module_SessionDefault_KeepsItsSourceAndItsRightToCreate()
    {
        var environment = Environment("sqlite:/srv/env.db", null);
        var id = Guid.NewGuid();
        var connected = new GeoConnectionInfo(GeoConnection.Resolve("sqlite:/srv/session.db", null, environment).AsSessionDefault().AllowingCreation());
        ConnectionCache.SetDefault(id, connected);
        try
        {
            var resolved = ConnectionCache.Resolve(null, id, () => Folder, environment);

            // The session's own connection: its source and its right to create the file (Connect -Path) kept.
            Assert.Same(connected.Connection, resolved.Connection);
            Assert.True(resolved.CreatesStore);
            Assert.Equal("Connect-GeoOrchestration", resolved.Source);
        }
        finally
        {
            ConnectionCache.ClearDefault(id);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "sqlite:/srv/env.db")]
    [InlineData("sqlite:/srv/given.db", null)]
    [InlineData("sqlite:~/given.db", null)]
    [InlineData(Postgres, null)]
    public void Resolve_NoRelativePath_NeverAsksForTheFolder(string? connection, string? environmentConnection)
    {
        // PowerShell's location cannot be read everywhere (tab completion runs inside a pipeline):
        // it is asked for only when a relative sqlite: path needs it.
        Func<string> folder = () => throw new InvalidOperationException("the folder was asked for");
        var environment = Environment(environmentConnection, null);

        Assert.NotNull(GeoConnection.Resolve(connection, null, environment, relativeTo: folder));
        Assert.NotNull(ConnectionCache.Resolve(null, Guid.NewGuid(), folder, environment));
    }

    [Fact]
    public void Resolve_RelativeSqlitePath_IsTakenFromTheFolderGiven()
    {
        var resolved = GeoConnection.Resolve("sqlite:sub/rel.db", null, Environment(null, null), relativeTo: () => Folder);

        Assert.Equal("/work/here/sub/rel.db", Assert.IsType<SqliteLocation>(resolved.Location).Path);
    }

    private static PlatformEnvironment Environment(string? connection, string? schema)
    {
        var variables = new List<(string, string)> { ("XDG_DATA_HOME", "/data/xdg") };
        if (connection is not null) variables.Add((GeoConnection.ConnectionVariable, connection));
        if (schema is not null) variables.Add((GeoConnection.SchemaVariable, schema));
        return Linux([.. variables]);
    }
}
