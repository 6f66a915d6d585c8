using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// <c>geoorch bench --transport</c>: the Service Bus transport measured over a local double in the bench's
/// own process, beside the database transport in the same invocation; refused on the embedded store before
/// anything is created. Figures are printed, never asserted: only that they come from real runs.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchTransportTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-bench-transport-").FullName;

    private Dictionary<string, string?> Postgres => new() { ["GEO_CONNECTION"] = fixture.Server.ConnectionString };

    private Dictionary<string, string?> Sqlite => new() { ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder, "geo.db")}" };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<long> BenchSchemasAsync() =>
        await fixture.ScalarAsync("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench\\_%'");

    [Theory]
    [InlineData("servicebus")]
    [InlineData("both")]
    public async Task ServiceBus_OnTheEmbeddedStore_IsRefusedWithExit2InOneLine_AndNoFileIsCreated(string transport)
    {
        var result = await Geoorch.RunAsync(["bench", "drain", "--transport", transport, "--tasks", "50", "--runs", "1"], Sqlite);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'--transport {transport}' measures the Service Bus transport, which needs a PostgreSQL store", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task UnknownTransport_AndAConnectionWithTheDatabaseTransport_AreRefusedWithExit2NamingTheOption()
    {
        var unknown = await Geoorch.RunAsync(["bench", "drain", "--transport", "carrier-pigeon"], Postgres);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--transport", unknown.Stderr);
        Assert.Contains("database, servicebus, both", unknown.Stderr);

        var before = await BenchSchemasAsync();
        var misplaced = await Geoorch.RunAsync(["bench", "drain", "--servicebus-connection",
            "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=secret-bench-key;UseDevelopmentEmulator=true"], Postgres);
        Assert.Equal(2, misplaced.ExitCode);
        Assert.Contains("'--servicebus-connection' applies to '--transport servicebus' or 'both' only", misplaced.Stderr);
        Assert.DoesNotContain("secret-bench-key", misplaced.Stderr + misplaced.Stdout);
        Assert.Equal(before, await BenchSchemasAsync());
    }

    [Fact]
    public async Task Both_InterleavesDatabaseAndServiceBusRunsOverADoubleInItsOwnProcess_PrintsEachTransportsFigures_AndDropsItsSchemas()
    {
        var before = await BenchSchemasAsync();

        var result = await Geoorch.RunAsync(["bench", "drain", "--transport", "both", "--tasks", "200", "--runs", "2", "--warmup", "0",
            "--concurrency", "4", "-o", "json"], Postgres, TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var transport in new[] { "database", "servicebus" })
        {
            var figures = result.Json[transport]!;
            Assert.True(figures["tasksPerSecond"] is JsonValue v && v.GetValue<double>() > 0, result.Stdout + result.Stderr);
            Assert.True(figures["peakRssMb"]!.GetValue<double>() > 0);
            Assert.Equal(2, figures["runs"]!.AsArray().Count);
            Assert.Equal(transport, figures["settings"]!["transport"]!.GetValue<string>());
        }
        Assert.Contains("local Service Bus double in this process", result.Stderr);
        // Interleaved: database, servicebus, database, servicebus.
        var runs = result.Stderr.Split('\n').Where(l => l.Contains(" run ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(["database", "servicebus", "database", "servicebus"], runs);
        Assert.Equal(before, await BenchSchemasAsync());
    }

    [Fact]
    public async Task WorkerProcesses_OfTheDatabaseTransport_IgnoreGeoServiceBusInTheBenchsEnvironment()
    {
        // A worker process that read this would refuse to start (not a namespace name), and the bench would wait for it for ever.
        var environment = Postgres;
        environment["GEO_SERVICEBUS"] = "x";

        var result = await Geoorch.RunAsync(["bench", "drain", "--tasks", "100", "--runs", "1", "--warmup", "0", "--workers", "1", "--processes",
            "--concurrency", "4", "-o", "json"], environment, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("database", result.Json["settings"]!["transport"]!.GetValue<string>());
        Assert.True(result.Json["tasksPerSecond"]!.GetValue<double>() > 0);
    }
}
