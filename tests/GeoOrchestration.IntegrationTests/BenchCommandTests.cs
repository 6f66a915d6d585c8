using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// `geoorch bench` is a product command: its figures must come from a real run, in the JSON shape
/// the docs name, and it must leave no schema behind. (Speed itself is never asserted.)
/// </summary>
public sealed class BenchCommandTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = fixture.Server.ConnectionString };

    private async Task<long> BenchSchemasAsync() =>
        await fixture.ScalarAsync("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench\\_%'");

    [Fact]
    public async Task Drain_SmallStage_PrintsFiguresPerRunAndMedianAsJson_AndDropsItsSchemas()
    {
        var before = await BenchSchemasAsync();

        var result = await Geoorch.RunAsync(["bench", "drain", "--tasks", "300", "--runs", "2", "--warmup", "1", "--concurrency", "4", "-o", "json"], Environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.True(json["tasksPerSecond"] is JsonValue v && v.GetValue<double>() > 0, result.Stdout + result.Stderr);
        Assert.True(json["peakRssMb"]!.GetValue<double>() > 0);
        Assert.InRange(json["commitsPerTask"]!.GetValue<double>(), 0.0001, 10);
        Assert.Equal(2, json["runs"]!.AsArray().Count);
        Assert.Equal(300, json["settings"]!["tasks"]!.GetValue<int>());
        Assert.Equal(1, json["settings"]!["warmup"]!.GetValue<int>());
        Assert.Contains("warm-up 1/1 (not counted)", result.Stderr);
        Assert.Equal(before, await BenchSchemasAsync());
    }

    [Fact]
    public async Task Chain_ReportsHandOffPercentiles()
    {
        var result = await Geoorch.RunAsync(["bench", "chain", "--handoffs", "9", "--runs", "1", "--warmup", "0", "-o", "json"], Environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var p50 = result.Json["handoffP50Ms"]!.GetValue<double>();
        var p99 = result.Json["handoffP99Ms"]!.GetValue<double>();
        Assert.True(p50 > 0 && p99 >= p50, $"p50 {p50}, p99 {p99}");
    }

    [Fact]
    public async Task Retry_ReportsDueToClaimedPercentilesFromDatabaseTimes()
    {
        var result = await Geoorch.RunAsync(["bench", "retry", "--tasks", "40", "--workers", "2", "--runs", "1", "--warmup", "0", "-o", "json"], Environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var p50 = result.Json["retryDueP50Ms"]!.GetValue<double>();
        var p99 = result.Json["retryDueP99Ms"]!.GetValue<double>();
        // A claim never precedes the due time: both are read from the same database clock.
        Assert.True(p50 >= 0 && p99 >= p50, $"p50 {p50}, p99 {p99}");
        Assert.Equal("retry", result.Json["settings"]!["scenario"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--runs", "0", "'--runs' must be between 1 and 20")]
    [InlineData("--warmup", "11", "'--warmup' must be between 0 and 10")]
    [InlineData("--tasks", "0", "'--tasks' must be between 1 and 1000000")]
    public async Task BadSetting_IsRefusedWithExit2NamingIt_AndNothingIsCreated(string option, string value, string expected)
    {
        var before = await BenchSchemasAsync();

        var result = await Geoorch.RunAsync(["bench", "drain", option, value], Environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Equal(before, await BenchSchemasAsync());
    }
}
