using GeoOrchestration.Hosting.Health;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;

namespace GeoOrchestration.IntegrationTests.Health;

/// <summary>
/// A database outage under a running <c>geoorch worker</c> (issue 20): the full probe (a readinessProbe, a Docker
/// HEALTHCHECK) turns unhealthy naming the store, while <c>--liveness</c> stays healthy, since the worker's loops keep
/// turning (its claims fail and back off) and restarting it would not bring the database back. On a cluster of its
/// own, stopped mid-test.
/// </summary>
public sealed class DatabaseGoneHealthTests : IDisposable
{
    private const string Schema = "health_gone";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-health-gone-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Health_DatabaseStopped_FullProbeUnhealthyNamingTheStore_LivenessHealthy()
    {
        var healthFile = Path.Combine(_folder.FullName, "health.json");
        using var server = PostgresServer.StartPrivate();
        await using (var client = new GeoClient(new PostgresStore(new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = Schema }),
                         JobRegistry.FromAssemblies(BuiltInJobs.Assembly)))
            await client.DeploySchemaAsync();
        var store = new Dictionary<string, string?> { ["GEO_CONNECTION"] = server.ConnectionString, ["GEO_SCHEMA"] = Schema };
        using var worker = WorkerProcess.Start(["--health-file", healthFile, "--poll-interval", "1"], store);
        await HealthProbe.RecordAsync(healthFile, r => r is { State: "running", LastStoreCallSucceeded: true }, worker);
        Assert.Equal(0, (await HealthProbe.RunAsync(store, "--health-file", healthFile)).ExitCode);

        server.Dispose();
        var gone = await HealthProbe.RecordAsync(healthFile, r => r.LastStoreCallSucceeded == false, worker);
        var full = await HealthProbe.RunAsync(store, "--health-file", healthFile, "--timeout", "5");
        var liveness = await HealthProbe.RunAsync(store, "--health-file", healthFile, "--liveness", "--output", "json");

        Assert.Equal(1, full.ExitCode);
        Assert.StartsWith("unhealthy: store unreachable: ", full.Line);
        Assert.DoesNotContain("Password", full.Line, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, liveness.ExitCode);
        Assert.Equal(false, (bool?)liveness.Json!["lastStoreCallSucceeded"]);
        Assert.False(string.IsNullOrEmpty(gone.LastStoreError));
        Assert.False(worker.HasExited, worker.Tail);
    }
}
