using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.StoreConformance.Support;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store contract, retention (issue 23 part 1): the policy as stored and validated, and pruning by
/// status and age in small batches: a live job is never removed, nor an ended one whose handler still
/// runs; a removed job takes its stages, tasks, events and work items with it; a job removed over
/// several batches reads as it ended until it is gone, and a retry refuses it.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class StoreRetentionTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Every ended status, older than <paramref name="age"/>.</summary>
    protected static IReadOnlyList<PruneRule> AllEnded(TimeSpan age) => RetentionRules.Statuses.Select(s => new PruneRule(s, age)).ToList();

    /// <summary>A client of the test's store whose clock runs <paramref name="days"/> days ahead: what ended now is that old to it.</summary>
    protected EngineSteps StepsDaysAhead(double days) => new(OpenStore(new SkewedClock(TimeSpan.FromDays(days))));

    /// <summary>A completed noop job of <paramref name="tasks"/> tasks (two stages: the tasks, then the fan-in).</summary>
    protected async Task<JobRecord> CompletedJobAsync(int tasks = 2)
    {
        var job = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = tasks, ["label"] = Guid.NewGuid().ToString("N") })).Job;
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(job.JobId)).Status);
        return job;
    }

    /// <summary>A job of <paramref name="size"/> planned tasks whose first task failed for good: failed, the others cancelled.</summary>
    protected async Task<string> FailedJobAsync(int size)
    {
        var (jobId, _) = await PlannedAsync(size);
        var item = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default));
        await Steps.TaskFailAsync(FailFor(item, "w"), default);
        Assert.Equal(JobStatus.Failed, (await Steps.JobGetAsync(jobId, default))!.Status);
        return jobId;
    }

    /// <summary>Nothing of the job is left: no row, tasks, stages, events or work items.</summary>
    protected async Task AssertGoneAsync(string jobId)
    {
        Assert.Null(await Steps.JobGetAsync(jobId, default));
        Assert.Empty(await TasksAsync(jobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(jobId), default));
        Assert.Empty(await Store.JobEventListAsync(new JobEventListParams(jobId), default));
        Assert.Empty(await WorkAsync(jobId));
    }

    /// <summary>Runs batches until the prune is done; the batches' results.</summary>
    protected static async Task<List<PruneBatchResult>> PruneAllAsync(IGeoStore store, IReadOnlyList<PruneRule> rules, int maxRows = 1000)
    {
        var batches = new List<PruneBatchResult>();
        do batches.Add(await store.PruneBatchAsync(new PruneBatchParams(rules, maxRows), default));
        while (batches[^1].Status == PruneBatchStatus.More && batches.Count < 10_000);
        Assert.Equal(PruneBatchStatus.Done, batches[^1].Status);
        return batches;
    }

    protected static TimeSpan Days(double days) => Day * days;
}
