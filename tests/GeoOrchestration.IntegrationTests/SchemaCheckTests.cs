using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.IntegrationTests;

/// <summary>A schema the build cannot work with is refused with a configuration error and a plain sentence, before any work.</summary>
public sealed class SchemaCheckTests : IAsyncLifetime
{
    private static IReadOnlyList<Migration> Shipped() => Migration.Embedded(typeof(PostgresStore).Assembly, "sql/postgres/migrations/");

    private readonly PostgresServer _server = PostgresServer.Instance;
    private readonly string _schema = $"c_{Guid.NewGuid().ToString("N")[..12]}";

    private PostgresStore Store() => new(new PostgresStoreOptions { ConnectionString = _server.ConnectionString, Schema = _schema });

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = _server.CreateDataSource();
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", $"\"{_schema}\""));
        await command.ExecuteNonQueryAsync();
    }

    private async Task DeployAsync()
    {
        await using var store = Store();
        await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);
    }

    [Fact]
    public async Task Check_DeployedSchema_Passes()
    {
        await DeployAsync();
        await using var store = Store();

        await store.SchemaCheckAsync(default);
    }

    [Fact]
    public async Task Check_UndeployedSchema_SaysSoWithoutNamingAFrontEnd()
    {
        await using var store = Store();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.Contains($"'{_schema}' is not deployed", error.Message);
        Assert.DoesNotContain("geoorch", error.Message);
    }

    [Fact]
    public async Task Query_OnUndeployedSchema_IsTheSameConfigurationError()
    {
        await using var store = Store();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.JobListAsync(new(), default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.DoesNotContain("geoorch", error.Message); // was "Run 'geoorch schema deploy' first", wrong in PowerShell
    }

    [Fact]
    public async Task Check_SchemaLackingTheLastMigration_SaysItIsOutOfDate()
    {
        await DeployAsync();
        var last = Shipped()[^1];
        await ExecuteAsync($"DELETE FROM {{schema}}.schema_migrations WHERE version = {last.Version}");
        await using var store = Store();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaOutOfDateId, error.ErrorId);
        Assert.Contains(last.Name, error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    public async Task DeployAndCheck_MalformedRecordedChecksum_AreAConfigurationErrorNamingTheMigration(string checksum)
    {
        await DeployAsync();
        await ExecuteAsync($"UPDATE {{schema}}.schema_migrations SET checksum = '{checksum}' WHERE version = 1");
        await using var store = Store();

        // Before: ArgumentOutOfRangeException from cutting the checksum to 12 characters.
        var deploy = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default));
        var check = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(default));

        Assert.All([deploy, check], e =>
        {
            Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId);
            Assert.Contains("malformed checksum", e.Message);
            Assert.Contains(Shipped()[0].Name, e.Message);
        });
    }

    [Fact]
    public async Task Worker_OnUndeployedSchema_StopsAtOnceWithTheConfigurationError()
    {
        await using var store = Store();
        await using var client = new GeoClient(store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        var worker = client.CreateWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        // Before: the worker logged the failed claim and retried forever. The guard only ends a hang.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => worker.RunAsync(guard.Token));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.False(guard.IsCancellationRequested);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => ExecuteAsync("DROP SCHEMA IF EXISTS {schema} CASCADE");
}
