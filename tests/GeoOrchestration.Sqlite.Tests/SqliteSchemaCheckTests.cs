using GeoOrchestration.Store;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A database the build cannot work with is refused by SchemaCheck with the configuration error ids
/// PostgreSQL uses, changing nothing (the SQLite side of the PostgreSQL SchemaCheckTests).
/// </summary>
public sealed class SqliteSchemaCheckTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private async Task DeployAsync() => await _folder.Store().SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);

    private static void Execute(string path, string sql)
    {
        using var connection = Db.Other(path);
        Db.Execute(connection, sql);
    }

    [Fact]
    public async Task Check_DeployedDatabase_Passes()
    {
        await DeployAsync();

        await _folder.Store().SchemaCheckAsync(default);
    }

    [Fact]
    public async Task Check_MissingFile_SaysItIsNotDeployedAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => _folder.Store().SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.Contains(_folder.Path, error.Message);
        Assert.DoesNotContain("geoorch", error.Message);
        Assert.Empty(Db.Files(_folder.Folder));
    }

    [Fact]
    public async Task Check_EmptySqliteDatabase_SaysItIsNotDeployed()
    {
        Execute(_folder.Path, "PRAGMA user_version = 1;");

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => _folder.Store().SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.Equal(0L, Db.Scalar(_folder.Path, "SELECT count(*) FROM sqlite_schema"));
    }

    [Fact]
    public async Task Check_DatabaseLackingTheLastMigration_SaysItIsOutOfDate()
    {
        await DeployAsync();
        var last = SqliteSqlCatalog.Migrations()[^1];
        Execute(_folder.Path, $"DELETE FROM schema_migrations WHERE version = {last.Version}");

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => _folder.Store().SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaOutOfDateId, error.ErrorId);
        Assert.Contains(last.Name, error.Message);
    }

    [Fact]
    public async Task Check_DatabaseFromANewerBuild_IsAHistoryMismatch()
    {
        var newer = SqliteSqlCatalog.Migrations().Append(new Migration(9999, "9999_future.sql", "CREATE TABLE future (id INTEGER);")).ToList();
        await using (var ahead = new SqliteStore(new SqliteStoreOptions { Path = _folder.Path }, null, newer))
            await ahead.SchemaDeployAsync(new SchemaDeployParams(false), default);

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => _folder.Store().SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, error.ErrorId);
        Assert.Contains("9999", error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    public async Task DeployAndCheck_MalformedRecordedChecksum_AreAHistoryMismatchNamingTheMigration(string checksum)
    {
        await DeployAsync();
        Execute(_folder.Path, $"UPDATE schema_migrations SET checksum = '{checksum}' WHERE version = 1");
        var store = _folder.Store();

        var deploy = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default));
        var check = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(default));

        Assert.All([deploy, check], e =>
        {
            Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId);
            Assert.Contains("malformed checksum", e.Message);
            Assert.Contains(SqliteSqlCatalog.Migrations()[0].Name, e.Message);
        });
    }

    [Fact]
    public async Task Worker_OnAFileWithoutSchema_StopsAtOnceWithTheConfigurationError()
    {
        await using var client = new GeoClient(_folder.Store(), JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        var worker = client.CreateWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        // The guard only ends a hang.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => worker.RunAsync(guard.Token));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.False(guard.IsCancellationRequested);
        Assert.Empty(Db.Files(_folder.Folder));
    }
}
