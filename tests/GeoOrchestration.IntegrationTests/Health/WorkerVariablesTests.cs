using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests.Health;

/// <summary>
/// <c>geoorch worker</c> configured by environment, as a container is (issue 20): GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE and
/// GEO_HEALTH_FILE show in its start line, an option given wins, GEO_TRANSPORT=database keeps the database transport with
/// GEO_SERVICEBUS set, and a bad value is refused in one line naming the variable (exit 2) before anything starts:
/// no store file, no heartbeat file, no folder.
/// </summary>
public sealed class WorkerVariablesTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geo-worker-vars-");

    public void Dispose() => _folder.Delete(recursive: true);

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "GEO_CONCURRENCY", "0", "GEO_CONCURRENCY must be a whole number from 1 to 1024 (work items run at once); got 0." },
        { "GEO_CONCURRENCY", "eight", "GEO_CONCURRENCY must be a whole number from 1 to 1024 (work items run at once); got 'eight'." },
        { "GEO_SHUTDOWN_GRACE", "30s", "GEO_SHUTDOWN_GRACE must be a number of seconds from 0 to one year (e.g. 30 or 2.5); got '30s'." },
        { "GEO_TRANSPORT", "kafka", "GEO_TRANSPORT must be one of database, servicebus; got 'kafka'." },
        { "GEO_TRANSPORT", "servicebus", "GEO_TRANSPORT is 'servicebus', which needs a Service Bus namespace or connection string: set GEO_SERVICEBUS" },
        { "GEO_HEALTH_FILE", "/tmp/geoorch/", "GEO_HEALTH_FILE must name a file (e.g. /tmp/geoorch/health.json), not a folder; got '/tmp/geoorch/'." },
        { "GEO_WORKER_ID", new string('w', 513), "GEO_WORKER_ID: must be at most 512 characters; got 513." },
        { "GEO_STARTUP_TIMEOUT", "2d", "GEO_STARTUP_TIMEOUT: must be at most " },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Worker_BadVariable_IsRefusedNamingItBeforeAnythingStarts(string variable, string value, string message)
    {
        var store = Path.Combine(_folder.FullName, "store", "geo.db");
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = $"sqlite:{store}",
            // A health file set by the variable is refused with its folder unmade; otherwise this one would be made at start.
            ["GEO_HEALTH_FILE"] = Path.Combine(_folder.FullName, "health", "health.json"),
            [variable] = value,
        };

        var result = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.5"], environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"geoorch: {message}", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // A worker on an embedded store creates its file at start: nothing at all here means nothing started.
        Assert.Empty(_folder.GetFileSystemInfos());
    }

    [Fact]
    public async Task Worker_HealthFileThatCannotBeWritten_IsRefusedNamingIt_BeforeTheStoreIsMade()
    {
        // A file where the health file's folder should be: no user, not even root, can make that folder.
        var blocker = Path.Combine(_folder.FullName, "blocker");
        await File.WriteAllTextAsync(blocker, "");
        var health = Path.Combine(blocker, "health.json");
        var store = Path.Combine(_folder.FullName, "store", "geo.db");

        var result = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.3", "--health-file", health], new Dictionary<string, string?> { ["GEO_CONNECTION"] = $"sqlite:{store}" });

        Assert.Equal(7, result.ExitCode);
        Assert.StartsWith($"geoorch: The health file '{health}' cannot be written (", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.GetDirectoryName(store)), "the store was made before the health file was refused");
    }

    [Fact]
    public async Task Worker_StartRefused_LeavesItsHealthFileFailed()
    {
        var health = Path.Combine(_folder.FullName, "health.json");
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = "never_deployed_health", ["GEO_HEALTH_FILE"] = health,
        };

        // Tried once: by default a worker waits (5 minutes) for a schema deploy that may be under way.
        var result = await Geoorch.RunAsync(["worker", "--startup-timeout", "0"], environment);
        var probe = await HealthProbe.RunAsync(environment, "--liveness");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("failed", Hosting.Health.HeartbeatRecord.Parse(File.ReadAllText(health))!.State);
        Assert.Equal(1, probe.ExitCode);
        Assert.Matches(@"^unhealthy: worker \S+ failed at \S+Z: its run ended with an error \(see its log\)$", probe.Line);
    }

    [Fact]
    public async Task Worker_Variables_ShowInTheStartLine_AndOptionsGivenWin()
    {
        var store = $"sqlite:{Path.Combine(_folder.FullName, "geo.db")}";
        var health = Path.Combine(_folder.FullName, "beat", "health.json");
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = store, ["GEO_CONCURRENCY"] = "3", ["GEO_SHUTDOWN_GRACE"] = "1.5", ["GEO_HEALTH_FILE"] = health,
        };

        var byVariables = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.3"], environment);
        // A bad variable whose option is given is not read: the option wins.
        var byOptions = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.3", "--concurrency", "5", "--shutdown-grace", "7"],
            new Dictionary<string, string?>(environment) { ["GEO_CONCURRENCY"] = "many", ["GEO_SHUTDOWN_GRACE"] = "soon" });

        Assert.Equal(0, byVariables.ExitCode);
        Assert.Contains($"; health file {health}; shutdown grace 1.5 s; concurrency 3\n", byVariables.Stderr);
        Assert.Equal("stopped", Hosting.Health.HeartbeatRecord.Parse(File.ReadAllText(health))!.State);
        Assert.Equal(0, byOptions.ExitCode);
        Assert.Contains($"; health file {health}; shutdown grace 7 s; concurrency 5\n", byOptions.Stderr);
    }

    [Fact]
    public async Task Worker_GeoTransportDatabase_KeepsTheDatabaseTransportWithGeoServiceBusSet()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = fixture.Schema,
            ["GEO_SERVICEBUS"] = "geo-nowhere", ["GEO_TRANSPORT"] = "database",
        };

        var result = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.3"], environment);

        Assert.Equal(0, result.ExitCode);
        var started = Assert.Single(result.Stderr.Split('\n'), l => l.Contains(" started: ", StringComparison.Ordinal));
        Assert.DoesNotContain("Service Bus", started);
        Assert.Contains("; transport PostgreSQL", started);
    }
}
