using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests;

// SQLite's own: a file that is a SQLite database but holds no schema (set up with a PRAGMA of this
// database). The schema check's rules every store shares are in the conformance suite
// (StoreConformance/Schema/StoreSchemaTests.SchemaCheck.cs), run here by SqliteStoreSchemaTests.
/// <summary>A database the build cannot work with is refused by SchemaCheck with the configuration error ids PostgreSQL uses, changing nothing.</summary>
public sealed class SqliteSchemaCheckTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private static void Execute(string path, string sql)
    {
        using var connection = Db.Other(path);
        Db.Execute(connection, sql);
    }

    [Fact]
    public async Task Check_EmptySqliteDatabase_SaysItIsNotDeployed()
    {
        Execute(_folder.Path, "PRAGMA user_version = 1;");

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => _folder.Store().SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.Equal(0L, Db.Scalar(_folder.Path, "SELECT count(*) FROM sqlite_schema"));
    }
}
