using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Postgres;

namespace GeoOrchestration.IntegrationTests;

// PostgreSQL's own: any query on an undeployed schema is the configuration error (SQLite instead
// deploys its file on first use, SqliteStoreOpenTests), and the check's wording for a schema. The schema check's rules every store shares
// are in the conformance suite (StoreConformance/Schema/StoreSchemaTests.SchemaCheck.cs).
/// <summary>A schema the build cannot work with is refused with a configuration error and a plain sentence, before any work.</summary>
public sealed class SchemaCheckTests : IAsyncLifetime
{
    private readonly PostgresServer _server = PostgresServer.Instance;
    private readonly string _schema = $"c_{Guid.NewGuid().ToString("N")[..12]}";

    private PostgresStore Store() => new(new PostgresStoreOptions { ConnectionString = _server.ConnectionString, Schema = _schema });

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = _server.CreateDataSource();
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", $"\"{_schema}\""));
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Check_UndeployedSchema_SaysItIsNotDeployed()
    {
        await using var store = Store();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(default));

        Assert.Contains($"'{_schema}' is not deployed", error.Message);
    }

    [Fact]
    public async Task Query_OnUndeployedSchema_IsTheSameConfigurationError()
    {
        await using var store = Store();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.JobListAsync(new(), default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.DoesNotContain("geoorch", error.Message); // was "Run 'geoorch schema deploy' first", wrong in PowerShell
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => ExecuteAsync("DROP SCHEMA IF EXISTS {schema} CASCADE");
}
