using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using GeoOrchestration.Identity;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance;
using Xunit.Abstractions;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// What streaming a stage's results saves, measured (printed, never asserted): the managed memory
/// held while a fan-out plan walks a stage of 200,000 results, read page by page (what planners get)
/// and read whole (what they got before). The engine's steps plan and complete the first stage (results
/// as the echo handler gives them); the test then walks it both ways, sampling the live heap.
/// </summary>
public sealed class SqliteStreamedResultsMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Results = 200_000;
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly, typeof(StoreConformanceTests).Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task FanOutPlanAfterA200000ResultStage_HoldsAPageOfResults_NotTheStage()
    {
        var store = _folder.Store();
        var client = new GeoClient(store, Registry);
        var steps = new EngineSteps(store);
        var jobId = (await client.SubmitAsync("test_paged_fan_out", new JsonObject { ["tasks"] = Results, ["per"] = 1 })).Job.JobId;
        var clock = Stopwatch.StartNew();
        // Stage 1 planned and completed through the engine's steps (what a worker does, without running 200,000 handlers).
        var plan = Assert.Single(await store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromMinutes(10)), default));
        var tasks = Enumerable.Range(0, Results).Select(i =>
            new PlannedTask(JobIdentity.TaskId(jobId, 1, $"t{i}"), $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3));
        Assert.Equal(Results, (await steps.StagePlanAsync(new StagePlanParams(jobId, 1, 3, tasks) { Holder = new PlanHolder("planner", plan.Attempt) }, default)).TaskCount);
        foreach (var batch in Enumerable.Range(0, Results).Chunk(10_000))
            await steps.TaskCompleteBatchAsync(batch.Select(i => new TaskCompleteParams(JobIdentity.TaskId(jobId, 1, $"t{i}"),
                new JsonObject { ["index"] = i, ["task_id"] = JobIdentity.TaskId(jobId, 1, $"t{i}"), ["attempt"] = 1 })).ToList(), default);
        Assert.Equal(0, (await store.StageListAsync(new StageListParams(jobId), default)).Single().Remaining);
        output.WriteLine($"stage 1 of {Results:N0} tasks planned and completed in {clock.Elapsed.TotalSeconds:F1} s");

        var streamed = await MeasureAsync(() => steps.StageResultsStreamAsync(jobId, 1, default));
        var whole = await MeasureAsync(() => steps.StageResultsAsync(jobId, 1, default));

        output.WriteLine($"walking {Results:N0} results as a planner does (machine: {Environment.ProcessorCount} cores, load {Load()}):");
        output.WriteLine($"  streamed, page by page: live managed heap at most {streamed.PeakMb:F1} MB above the start, {streamed.Seconds:F2} s");
        output.WriteLine($"  read whole (before):    live managed heap at most {whole.PeakMb:F1} MB above the start, {whole.Seconds:F2} s");
        Assert.Equal((Results, Results), (streamed.Count, whole.Count));
    }

    /// <summary>
    /// Walks the results as a fan-out planner does (a task plan per result, each let go once written),
    /// sampling the live heap after a full collection every 10,000 results.
    /// </summary>
    private static async Task<(int Count, double PeakMb, double Seconds)> MeasureAsync(Func<Task<StageResults>> read)
    {
        var start = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var clock = Stopwatch.StartNew();
        var results = await read();
        var count = 0;
        foreach (var result in results)
        {
            _ = TaskPlan.Create($"{result.TaskKey}-0", new { Index = result.GetInt64("index") });
            if (++count % 10_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - start);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(results);
        return (count, peak / 1048576.0, seconds);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
