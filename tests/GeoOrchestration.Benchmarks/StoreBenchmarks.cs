using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GeoOrchestration.Jobs;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Benchmarks;

/// <summary>
/// The store's per-task round trips against a real PostgreSQL (GEO_CONNECTION), in a schema of
/// their own that is dropped afterwards: planning by COPY, and one claim-and-complete cycle of a
/// worker's batch. Figures are per task (OperationsPerInvoke), allocations included.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)]
public class StoreBenchmarks
{
    private const int Batch = 64;
    private const int CyclesPerIteration = 32;
    private const int PlanSize = 10_000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private PostgresStore _store = null!;
    private GeoClient _client = null!;
    private string _schema = null!;
    private int _jobs;
    private (string JobId, List<PlannedTask> Tasks) _pending;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var connection = Environment.GetEnvironmentVariable("GEO_CONNECTION")
            ?? throw new InvalidOperationException("GEO_CONNECTION must name a PostgreSQL (see tools/local-postgres.sh).");
        _schema = $"benchmarkdotnet_{Environment.ProcessId}";
        _store = new PostgresStore(new PostgresStoreOptions { ConnectionString = connection, Schema = _schema });
        _client = new GeoClient(_store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        await _client.DeploySchemaAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await new PostgresMetrics(_store).DropSchemaAsync(default);
        await _store.DisposeAsync();
    }

    /// <summary>A submitted job whose stage-1 plan item this process holds, with tasks to plan for it.</summary>
    private async Task<(string JobId, List<PlannedTask> Tasks)> PlanItemAsync(int tasks)
    {
        var label = $"{Environment.ProcessId}-{Interlocked.Increment(ref _jobs)}";
        var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = tasks, ["label"] = label });
        var jobId = submission.Job.JobId;
        await _store.WorkClaimAsync(new WorkClaimParams("bench-planner", 1, Lease), default);
        var prefix = jobId[..16];
        return (jobId, Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{prefix}-s1-{i}", $"{i}", "noop", new JsonObject { ["delay_ms"] = 0 }, 3))
            .ToList());
    }

    [IterationSetup(Target = nameof(PlanByCopy))]
    public void PrepareCopy() => _pending = PlanItemAsync(PlanSize).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = PlanSize)]
    public Task PlanByCopy() => new EngineSteps(_store).StagePlanAsync(new StagePlanParams(_pending.JobId, 1, 1, _pending.Tasks), default);

    [IterationSetup(Target = nameof(ClaimAndCompleteBatch))]
    public void PrepareQueue()
    {
        var (jobId, tasks) = PlanItemAsync(Batch * CyclesPerIteration).GetAwaiter().GetResult();
        new EngineSteps(_store).StagePlanAsync(new StagePlanParams(jobId, 1, 1, tasks), default).GetAwaiter().GetResult();
    }

    /// <summary>One worker cycle: claim a batch, complete it in one transaction.</summary>
    [Benchmark(OperationsPerInvoke = Batch * CyclesPerIteration)]
    public async Task ClaimAndCompleteBatch()
    {
        for (var cycle = 0; cycle < CyclesPerIteration; cycle++)
        {
            var claimed = await _store.WorkClaimAsync(new WorkClaimParams("bench-worker", Batch, Lease), default);
            var done = claimed.Where(w => w.Kind == WorkKind.RunTask)
                .Select(w => new TaskCompleteParams(w.TaskId!, new JsonObject { ["attempt"] = w.Attempt }))
                .ToList();
            if (done.Count == 0) throw new InvalidOperationException("The queue ran dry: the iteration setup planned too few tasks.");
            await new EngineSteps(_store).TaskCompleteBatchAsync(done, default);
        }
    }
}
