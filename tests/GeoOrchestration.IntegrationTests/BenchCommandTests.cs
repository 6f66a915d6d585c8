using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// `geoorch bench` is a product command: its figures must come from a real run, in the JSON shape
/// the docs name, on PostgreSQL and on the embedded store alike, and it must leave no schema or
/// database file behind. (Speed itself is never asserted.)
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchCommandTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-bench-").FullName;

    private Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = fixture.Server.ConnectionString };

    /// <summary>The embedded store the bench is pointed at; the benchmark's own file goes beside it.</summary>
    private string ConfiguredFile => Path.Combine(_folder, "geo.db");

    private Dictionary<string, string?> Sqlite => new() { ["GEO_CONNECTION"] = $"sqlite:{ConfiguredFile}" };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Nothing left in the folder: neither the benchmark's file (nor its -wal, -shm) nor the configured file, which it never opens.</summary>
    private void AssertFolderEmpty(Geoorch.Result result) =>
        Assert.True(Directory.GetFileSystemEntries(_folder).Length == 0,
            $"left behind: {string.Join(", ", Directory.GetFileSystemEntries(_folder))}\n{result.Stderr}");

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

    [Fact]
    public async Task Drain_OnSqlite_PrintsTheSameFiguresAsJson_CountsItsWriteTransactions_AndDeletesItsFile()
    {
        var result = await Geoorch.RunAsync(["bench", "drain", "--tasks", "300", "--runs", "2", "--warmup", "1", "--concurrency", "4", "-o", "json"], Sqlite);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.True(json["tasksPerSecond"] is JsonValue v && v.GetValue<double>() > 0, result.Stdout + result.Stderr);
        Assert.True(json["peakRssMb"]!.GetValue<double>() > 0);
        // At least the plan and the completions commit; at most a claim and a completion per task and the job's own steps.
        Assert.InRange(json["commitsPerTask"]!.GetValue<double>(), 0.0001, 3);
        Assert.Equal(2, json["runs"]!.AsArray().Count);
        Assert.Equal(300, json["settings"]!["tasks"]!.GetValue<int>());
        Assert.Contains("warm-up 1/1 (not counted)", result.Stderr);
        Assert.Contains($"on SQLite file {_folder}{Path.DirectorySeparatorChar}geoorch-bench-", result.Stderr);
        AssertFolderEmpty(result);
    }

    [Fact]
    public async Task Drain_OnSqliteWithWorkerProcesses_SharesTheFile_ReportsCommitsAsNull_AndDeletesTheFile()
    {
        var result = await Geoorch.RunAsync(["bench", "drain", "--tasks", "200", "--runs", "1", "--warmup", "0", "--workers", "2", "--processes",
            "--concurrency", "4", "-o", "json"], Sqlite);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(result.Json["tasksPerSecond"]!.GetValue<double>() > 0);
        Assert.True(result.Json["peakRssMb"]!.GetValue<double>() > 0);
        // SQLite counts commits nowhere another process can read them: not a made-up figure.
        Assert.Null(result.Json["commitsPerTask"]);
        Assert.True(result.Json["settings"]!["processes"]!.GetValue<bool>());
        AssertFolderEmpty(result);
    }

    [Fact]
    public async Task ChainPlanAndRetry_OnSqlite_ReportTheirFiguresFromTheStoresTimes_AndDeleteTheirFiles()
    {
        var chain = await Geoorch.RunAsync(["bench", "chain", "--handoffs", "9", "--runs", "1", "--warmup", "0", "-o", "json"], Sqlite);
        Assert.True(chain.ExitCode == 0, chain.Stderr);
        // Whole milliseconds: a hand-off can read 0 ms, never less (a start after the completion that enqueued it).
        var p50 = chain.Json["handoffP50Ms"]!.GetValue<double>();
        Assert.True(p50 >= 0 && chain.Json["handoffP99Ms"]!.GetValue<double>() >= p50, chain.Stdout);
        AssertFolderEmpty(chain);

        var plan = await Geoorch.RunAsync(["bench", "plan", "--tasks", "500", "--runs", "1", "--warmup", "0", "-o", "json"], Sqlite);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.True(plan.Json["planTasksPerSecond"]!.GetValue<double>() > 0, plan.Stdout);
        AssertFolderEmpty(plan);

        var retry = await Geoorch.RunAsync(["bench", "retry", "--tasks", "20", "--runs", "1", "--warmup", "0", "-o", "json"], Sqlite);
        Assert.True(retry.ExitCode == 0, retry.Stderr);
        var due50 = retry.Json["retryDueP50Ms"]!.GetValue<double>();
        Assert.True(due50 >= 0 && retry.Json["retryDueP99Ms"]!.GetValue<double>() >= due50, retry.Stdout);
        AssertFolderEmpty(retry);
    }

    [Fact]
    public async Task BadSetting_OnSqlite_IsRefusedWithExit2_AndNoFileIsCreated()
    {
        var result = await Geoorch.RunAsync(["bench", "drain", "--runs", "0"], Sqlite);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--runs' must be between 1 and 20", result.Stderr);
        AssertFolderEmpty(result);
    }
}
