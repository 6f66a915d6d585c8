using System.Text.Json;
using GeoOrchestration.IntegrationTests.Infrastructure;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Fixture;

/// <summary>
/// The fixture's PostgreSQL is what it says it is: on the Testcontainers path a labelled container
/// of the local image published on 127.0.0.1 only, on the binaries path a cluster on this machine;
/// either way with the test cluster's settings; a server of a test's own restarts behind the same
/// connection string and is removed when disposed.
/// </summary>
public sealed class PostgresServerPathTests
{
    [Fact]
    public async Task SharedServer_IsWhatItsPathSays_WithTheTestClusterSettings()
    {
        var server = PostgresServer.Instance;
        var seen = await ServerFacts.ReadAsync(server.ConnectionString);
        switch (server.Path)
        {
            case PostgresPath.Testcontainers:
                AssertIsTheContainer(server, seen);
                Assert.Contains($"Testcontainers, image {TestPostgresImage.Name}, 127.0.0.1:{Port(server)} ", server.Announcement);
                break;
            case PostgresPath.Binaries:
                Assert.Null(server.ContainerId);
                Assert.Equal("127.0.0.1", seen.ServerAddress); // the cluster listens on loopback only, on this machine
                Assert.True(Directory.Exists(seen.DataDirectory), $"the data directory {seen.DataDirectory} is not on this machine");
                Assert.Contains($"installed binaries ", server.Announcement);
                Assert.EndsWith($", 127.0.0.1:{Port(server)}", server.Announcement);
                break;
            default:
                Assert.Equal(Environment.GetEnvironmentVariable(PostgresServer.ConnectionVariable), server.ConnectionString);
                Assert.False(server.IsOwned);
                return; // a given server's settings are its owner's
        }
        Assert.True(server.IsOwned);
        Assert.Equal(("off", "off", "300", "on"), (seen.Fsync, seen.FullPageWrites, seen.MaxConnections, seen.SynchronousCommit));
    }

    [Fact]
    public async Task PrivateServer_Restart_DropsConnectionsAndTheSameConnectionStringReachesTheRestartedServer()
    {
        using var server = PostgresServer.StartPrivate();
        var before = await ServerFacts.ReadAsync(server.ConnectionString);
        if (server.Path == PostgresPath.Testcontainers) AssertIsTheContainer(server, before);
        await using var open = new NpgsqlConnection(server.ConnectionString + ";Pooling=false");
        await open.OpenAsync();

        server.Restart();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", open);
            await command.ExecuteScalarAsync();
        });
        var after = await ServerFacts.ReadAsync(server.ConnectionString);
        Assert.True(after.StartedAt > before.StartedAt, $"the server was not restarted: started {before.StartedAt:O}, then {after.StartedAt:O}");
        Assert.Equal(before.DataDirectory, after.DataDirectory);
        if (server.Path == PostgresPath.Testcontainers) AssertIsTheContainer(server, after);
    }

    [Fact]
    public async Task PrivateServer_Disposed_IsRemoved()
    {
        var server = PostgresServer.StartPrivate();
        var seen = await ServerFacts.ReadAsync(server.ConnectionString);
        var container = server.ContainerId;

        server.Dispose();

        if (server.Path == PostgresPath.Testcontainers)
            Assert.NotEqual(0, DockerCli.Run(["container", "inspect", container!], TimeSpan.FromSeconds(30)).ExitCode);
        else
            Assert.False(Directory.Exists(seen.DataDirectory), $"{seen.DataDirectory} is still there");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ServerFacts.ReadAsync(server.ConnectionString + ";Timeout=3"));
    }

    /// <summary>docker inspect agrees: a running container with the test label, the server's address its own, 5432 published on 127.0.0.1 alone.</summary>
    private static void AssertIsTheContainer(PostgresServer server, ServerFacts seen)
    {
        Assert.NotNull(server.ContainerId);
        var inspected = DockerCli.Run(["container", "inspect", server.ContainerId!], TimeSpan.FromSeconds(30));
        Assert.True(inspected.ExitCode == 0, inspected.Output);
        var container = JsonDocument.Parse(inspected.Output).RootElement[0];
        Assert.True(container.GetProperty("State").GetProperty("Running").GetBoolean());
        Assert.Equal("true", container.GetProperty("Config").GetProperty("Labels").GetProperty(ContainerPostgres.TestLabel).GetString());
        var bindings = container.GetProperty("NetworkSettings").GetProperty("Ports").GetProperty("5432/tcp").EnumerateArray()
            .Select(b => $"{b.GetProperty("HostIp").GetString()}:{b.GetProperty("HostPort").GetString()}").ToList();
        Assert.Equal([$"127.0.0.1:{Port(server)}"], bindings);
        var addresses = container.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject()
            .Select(n => n.Value.GetProperty("IPAddress").GetString()).ToList();
        Assert.Contains(seen.ServerAddress, addresses); // the server answers from inside the container, not from this machine
        Assert.Contains("Debian", seen.Version);       // the image's PostgreSQL: Debian's package
    }

    private static int Port(PostgresServer server) => new NpgsqlConnectionStringBuilder(server.ConnectionString).Port;

    private sealed record ServerFacts(string ServerAddress, string Version, string DataDirectory, DateTime StartedAt,
        string Fsync, string FullPageWrites, string MaxConnections, string SynchronousCommit)
    {
        public static async Task<ServerFacts> ReadAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT host(inet_server_addr()), version(), current_setting('data_directory'), pg_postmaster_start_time(), " +
                "current_setting('fsync'), current_setting('full_page_writes'), current_setting('max_connections'), current_setting('synchronous_commit')", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new ServerFacts(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7));
        }
    }
}
