using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite;
using GeoOrchestration.Store;

namespace GeoOrchestration.Benchmarks;

/// <summary>
/// The read paths that map rows to records (job get and list, task list, stage results) on both
/// stores: PostgreSQL in GEO_CONNECTION (a schema of its own, dropped afterwards) and a SQLite file
/// in a temporary folder. Figures are per row read (OperationsPerInvoke), allocations included, so
/// the cost of the row mapping shows beside the round trip.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)]
public class ReadPathBenchmarks
{
    private const int Jobs = 100;
    private const int Tasks = 1_000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private IGeoStore _store = null!;
    private Func<Task> _cleanUp = null!;
    private string _jobId = null!;

    [Params("postgres", "sqlite")]
    public string Store { get; set; } = "postgres";

    // Synchronous: the in-process toolchain (--inProcess, the quick way to run these) does not await an async setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        if (Store == "postgres")
        {
            var connection = Environment.GetEnvironmentVariable("GEO_CONNECTION")
                ?? throw new InvalidOperationException("GEO_CONNECTION must name a PostgreSQL (see tools/local-postgres.sh).");
            var postgres = new PostgresStore(new PostgresStoreOptions { ConnectionString = connection, Schema = $"benchmarkdotnet_read_{Environment.ProcessId}" });
            _store = postgres;
            _cleanUp = async () => { await new PostgresMetrics(postgres).DropSchemaAsync(default); await postgres.DisposeAsync(); };
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("geoorch-read-bench-").FullName;
            var sqlite = new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(folder, "geo.db") });
            _store = sqlite;
            _cleanUp = async () => { await sqlite.DisposeAsync(); Directory.Delete(folder, recursive: true); };
        }
        var client = new GeoClient(_store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        await client.DeploySchemaAsync();
        for (var i = 0; i < Jobs; i++) await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["label"] = $"list-{i}" });
        _jobId = await FinishedStageAsync(client);
    }

    /// <summary>A job whose stage 1 holds <see cref="Tasks"/> completed tasks, each with a result.</summary>
    private async Task<string> FinishedStageAsync(GeoClient client)
    {
        var jobId = (await client.SubmitAsync("noop", new JsonObject { ["tasks"] = Tasks, ["label"] = "read" })).Job.JobId;
        // Take every plan item (the listed jobs' too) so that the claims below see only tasks.
        while ((await _store.WorkClaimAsync(new WorkClaimParams("bench-planner", 500, Lease), default)).Count > 0) { }
        var prefix = jobId[..16];
        var tasks = Enumerable.Range(0, Tasks)
            .Select(i => new PlannedTask($"{prefix}-s1-{i}", $"{i}", "noop", new JsonObject { ["delay_ms"] = 0 }, 3));
        await new EngineSteps(_store).StagePlanAsync(new StagePlanParams(jobId, 1, 1, tasks), default);
        while (true)
        {
            var claimed = (await _store.WorkClaimAsync(new WorkClaimParams("bench-worker", 500, Lease), default));
            if (claimed.Count == 0) return jobId;
            await new EngineSteps(_store).TaskCompleteBatchAsync(claimed.Where(w => w.Kind == WorkKind.RunTask)
                .Select(w => new TaskCompleteParams(w.TaskId!, new JsonObject { ["task"] = w.TaskId })).ToList(), default);
        }
    }

    [GlobalCleanup]
    public void CleanUp() => _cleanUp().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 1)]
    public Task JobGet() => new EngineSteps(_store).JobGetAsync(_jobId, default);

    [Benchmark(OperationsPerInvoke = Jobs)]
    public Task JobList() => _store.JobListAsync(new JobListParams(Limit: Jobs), default);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task TaskList() => _store.TaskListAsync(new TaskListParams(_jobId), default);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task StageResults() => new EngineSteps(_store).StageResultsAsync(_jobId, 1, default);
}
