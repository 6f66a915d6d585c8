using GeoOrchestration.Store;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;
using GeoOrchestration.Postgres;
using GeoOrchestration.Sqlite;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>The one order every front end resolves its store in: given, else GEO_CONNECTION, else the embedded default.</summary>
public sealed class GeoConnectionTests
{
    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    [Fact]
    public void Resolve_NothingConfigured_IsTheEmbeddedDefault()
    {
        var connection = GeoConnection.Resolve(null, null, Linux(("XDG_DATA_HOME", "/data/xdg")));

        Assert.True(connection.IsEmbedded);
        Assert.Equal(GeoConnectionSource.Default, connection.Source);
        Assert.Equal("/data/xdg/geoorchestration/geo.db", Assert.IsType<SqliteLocation>(connection.Location).Path);
        Assert.Null(connection.Schema);
        Assert.Equal("sqlite:/data/xdg/geoorchestration/geo.db (default)", connection.ToString());
    }

    [Fact]
    public void Resolve_EnvironmentVariable_IsUsedWhenNothingIsGiven()
    {
        var connection = GeoConnection.Resolve(null, null, Linux((GeoConnection.ConnectionVariable, "sqlite:/srv/geo.db")));

        Assert.Equal(GeoConnectionSource.Environment, connection.Source);
        Assert.Equal("/srv/geo.db", Assert.IsType<SqliteLocation>(connection.Location).Path);
        Assert.EndsWith("(GEO_CONNECTION)", connection.ToString());
    }

    [Fact]
    public void Resolve_GivenConnection_WinsOverTheEnvironment()
    {
        var connection = GeoConnection.Resolve("Host=db;Username=geo;Password=s3cret;Database=prod", null,
            Linux((GeoConnection.ConnectionVariable, "sqlite:/srv/geo.db"), (GeoConnection.SchemaVariable, "etl")));

        Assert.Equal(GeoConnectionSource.Explicit, connection.Source);
        Assert.IsType<PostgresLocation>(connection.Location);
        Assert.Equal("etl", connection.Schema);
        Assert.Equal("postgresql://geo@db:5432/prod, schema etl", connection.ToString());
        Assert.DoesNotContain("s3cret", connection.ToString());
    }

    [Fact]
    public void Resolve_PostgresWithoutSchema_UsesTheDefaultSchema()
    {
        Assert.Equal("geo", GeoConnection.Resolve("Host=db;Username=geo", null, Linux()).Schema);
    }

    [Fact]
    public void Resolve_SchemaGivenForTheEmbeddedStore_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<GeoValidationException>(() => GeoConnection.Resolve("sqlite:/srv/geo.db", "etl", Linux()));

        Assert.Equal(("schema", "not_applicable"), (e.Errors[0].Field, e.Errors[0].Rule));
    }

    [Fact]
    public void Resolve_SchemaVariableWithTheEmbeddedStore_IsIgnored()
    {
        var connection = GeoConnection.Resolve(null, null, Linux((GeoConnection.SchemaVariable, "etl"), ("XDG_DATA_HOME", "/x")));

        Assert.True(connection.IsEmbedded);
        Assert.Null(connection.Schema);
    }

    [Fact]
    public void Resolve_InvalidSchema_IsRefusedBeforeAnythingConnects()
    {
        var e = Assert.Throws<GeoValidationException>(() => GeoConnection.Resolve("Host=db;Username=geo", "no such schema!", Linux()));

        Assert.Equal("schema", e.Errors[0].Field);
    }

    [Fact]
    public async Task OpenStore_EmbeddedLocation_OpensASqliteStoreOnThatFile()
    {
        var folder = Directory.CreateTempSubdirectory("geo-connection-");
        try
        {
            var path = Path.Combine(folder.FullName, "nested", "geo.db");
            await using (var store = GeoConnection.Resolve($"sqlite:{path}", null, Linux()).OpenStore())
            {
                Assert.IsType<SqliteStore>(store);
                await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);
            }
            Assert.True(File.Exists(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task OpenStore_PostgresLocation_OpensAPostgresStoreInTheSchema()
    {
        await using var store = GeoConnection.Resolve("Host=127.0.0.1;Username=geo", "etl", Linux()).OpenStore();

        Assert.Equal("etl", Assert.IsType<PostgresStore>(store).Schema.Value);
    }
}
