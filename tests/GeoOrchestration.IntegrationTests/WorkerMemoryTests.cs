using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// What a <c>geoorch worker</c>'s resident memory depends on, pinned by mechanism: the GC's gen0
/// budget cap that geoorch ships in its runtimeconfig.json, and the PostgreSQL driver staying
/// unloaded in a worker on the embedded store. The memory figures themselves are measured by
/// <c>geoorch bench</c>, never asserted.
/// </summary>
public sealed partial class WorkerMemoryTests : IDisposable
{
    private const long Gen0BudgetCap = 16L * 1024 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-memory-").FullName;

    private Dictionary<string, string?> Sqlite => new() { ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder, "geo.db")}" };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RuntimeConfig_CapsTheGen0BudgetAt16MB()
    {
        var path = Path.ChangeExtension(Geoorch.Executable, ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(Gen0BudgetCap, properties["System.GC.Gen0MaxBudget"]?.GetValue<long>());
    }

    /// <summary>
    /// The runtime reads the cap under that name (GCgen0size, say, is read from the environment
    /// only): the budget geoorch runs with is at most 16 MB, whatever the CPU's cache.
    /// </summary>
    [Fact]
    public async Task Bench_RunsWithTheGen0BudgetCapped()
    {
        var result = await Geoorch.RunAsync(["bench", "drain", "--tasks", "20", "--runs", "1", "--warmup", "0", "--concurrency", "2"], Sqlite);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var budget = Gen0Budget().Match(result.Stderr);
        Assert.True(budget.Success, result.Stderr);
        Assert.InRange(long.Parse(budget.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, Gen0BudgetCap / 1048576);
    }

    /// <summary>A worker on the embedded store runs its jobs without ever loading Npgsql (megabytes of code it has no use for).</summary>
    [Fact]
    public async Task WorkerOnSqlite_AfterRunningAJob_HasNotLoadedNpgsql()
    {
        var deploy = await Geoorch.RunAsync(["schema", "deploy"], Sqlite);
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        using var worker = WorkerProcess.Start(["--concurrency", "2"], Sqlite);
        var submit = await Geoorch.RunAsync(["submit", "noop", "--param", "tasks=5", "-o", "json"], Sqlite);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var jobId = submit.Json["jobId"]!.GetValue<string>();

        await Eventually.TrueAsync(async () =>
            (await Geoorch.RunAsync(["job", "get", jobId, "-o", "json"], Sqlite)).Json["status"]!.GetValue<string>() == "completed");

        var maps = await File.ReadAllTextAsync($"/proc/{worker.Id}/maps");
        Assert.Contains("GeoOrchestration.Sqlite.dll", maps);
        Assert.DoesNotContain("Npgsql.dll", maps);
        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    [GeneratedRegex(@"gen0 budget at most (\d+) MB")]
    private static partial Regex Gen0Budget();
}
