using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using Npgsql;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// A database of its own for one test, on the test PostgreSQL, with the schema deployed in it from
/// the same sql/ files users deploy. It uses the default schema (<c>geo</c>), so a container needs
/// nothing but <c>GEO_CONNECTION</c> to reach it, as in production. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private TestDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
        Store = new PostgresStore(new PostgresStoreOptions { ConnectionString = ConnectionString });
        Client = new GeoClient(Store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
    }

    public string Name { get; }

    /// <summary>What the containers get as <c>GEO_CONNECTION</c> (they share the host's network, so 127.0.0.1 is the server).</summary>
    public string ConnectionString { get; }

    public PostgresStore Store { get; }

    public GeoClient Client { get; }

    public static async Task<TestDatabase> CreateAsync(PostgresServer server, string name)
    {
        await using (var admin = server.CreateDataSource())
        await using (var create = admin.CreateCommand($"CREATE DATABASE \"{name}\""))
            await create.ExecuteNonQueryAsync();
        var database = new TestDatabase(server, name);
        await database.Client.DeploySchemaAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            await using var admin = _server.CreateDataSource();
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The server may be gone on purpose (the health test stops its own): its files go with it.
        }
    }
}
