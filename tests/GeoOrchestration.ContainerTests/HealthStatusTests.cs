using GeoOrchestration.ContainerTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.ContainerTests;

/// <summary>
/// The images' own HEALTHCHECK (<c>geoorch health</c>, <c>Test-GeoWorkerHealth</c>), run by the
/// engine: healthy while the worker runs against a store that answers, unhealthy once the database is
/// gone while the worker itself goes on. The checks' command is the image's; only their timing is
/// overridden (<c>docker run --health-interval ...</c>) so the states come in seconds. The PostgreSQL
/// is one of this test's own, since it is stopped.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class HealthStatusTests(ContainerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    // A probe every 2 s; one failure makes the container unhealthy; 30 s for a probe of pwsh's on a loaded machine.
    private static readonly string[] QuickChecks =
        ["--health-interval", "2s", "--health-timeout", "30s", "--health-retries", "1", "--health-start-period", "0s"];

    [Fact]
    public async Task HealthCheck_OfBothImages_IsHealthyWhileTheWorkerRunsAndUnhealthyOnceTheDatabaseIsGone()
    {
        var server = PostgresServer.StartPrivate();
        var containers = new List<WorkerContainer>();
        try
        {
            await using var database = await fixture.CreateDatabaseAsync("health", server);
            var environment = new Dictionary<string, string> { ["GEO_CONNECTION"] = database.ConnectionString };
            containers.Add(await WorkerContainer.RunAsync(fixture, ContainerImages.Geoorch, "geoorch-health", environment, QuickChecks));
            containers.Add(await WorkerContainer.RunAsync(fixture, ContainerImages.PowerShell, "powershell-health", environment, QuickChecks));

            foreach (var container in containers)
            {
                await container.WaitStartedAsync(Deadline);
                await Waits.UntilAsync($"{container} healthy", Deadline, async () => await container.HealthAsync() == "healthy", container.DescribeAsync);
                fixture.Say($"health: {container.Name}: healthy; the probe said: {OneLine((await container.LastHealthProbeAsync())?.Output)}");
            }

            server.Dispose();

            foreach (var container in containers)
            {
                await Waits.UntilAsync($"{container} unhealthy after its database stopped", Deadline,
                    async () => await container.HealthAsync() == "unhealthy", container.DescribeAsync);
                var probe = await container.LastHealthProbeAsync();
                fixture.Say($"health: {container.Name}: unhealthy; the probe said: {OneLine(probe?.Output)}");
                // Unhealthy by the probe's verdict on the store, not because the worker died with its database.
                Assert.True(await container.IsRunningAsync(), $"{container} stopped when its database did:\n{await container.DescribeAsync()}");
                Assert.Equal(1, probe?.ExitCode);
            }
        }
        finally
        {
            foreach (var container in containers) await container.RemoveAsync();
            server.Dispose();
        }
    }

    // Test-GeoWorkerHealth's report is a list of properties: one line of them for the run's output.
    private static string OneLine(string? output) =>
        string.Join("; ", (output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
