using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using GeoOrchestration.StoreConformance;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// A freshly deployed schema of its own for one test class, made from the same sql/ files users
/// deploy, and dropped afterwards.
/// </summary>
public sealed class SchemaFixture : IAsyncLifetime
{
    private static int _counter;

    public SchemaFixture()
    {
        Server = PostgresServer.Instance;
        Schema = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..8]}";
        Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly, typeof(StoreConformanceTests).Assembly, typeof(SchemaFixture).Assembly);
        Store = CreateStore();
        Client = new GeoClient(Store, Registry);
    }

    public PostgresServer Server { get; }
    public string Schema { get; }
    public JobRegistry Registry { get; }
    public PostgresStore Store { get; }
    public GeoClient Client { get; }

    public PostgresStore CreateStore(string? schema = null) =>
        new(new PostgresStoreOptions { ConnectionString = Server.ConnectionString, Schema = schema ?? Schema });

    /// <summary>A worker tuned for tests: quick retries, short leases.</summary>
    public Worker CreateWorker(int concurrency = 4, TimeSpan? exitWhenIdle = null) =>
        Client.CreateWorker(TestWorkers.Options(concurrency, exitWhenIdle));

    public async Task<long> ScalarAsync(string sqlWithSchemaMarker, params (string Name, object Value)[] parameters)
    {
        await using var dataSource = Server.CreateDataSource();
        await using var command = dataSource.CreateCommand(sqlWithSchemaMarker.Replace("{schema}", $"\"{Schema}\""));
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task InitializeAsync() => await Client.DeploySchemaAsync();

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await using var dataSource = Server.CreateDataSource();
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
