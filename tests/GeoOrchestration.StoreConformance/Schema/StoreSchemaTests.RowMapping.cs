using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Identity;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store's read paths through the shared row mapping, at the edges of its types: NULL columns
/// (no result, no progress, no timeouts) read as null, a real progress and intervals read back as
/// written, times as UTC and exactly as the store's clock gave them (SQLite's INTEGER milliseconds,
/// PostgreSQL's timestamptz). (NaN progress cannot reach a row: PostgreSQL's CHECK refuses it, as
/// NaN sorts above 100, SQLite stores NaN as NULL, and the engine refuses a non-finite progress
/// before that.)
/// </summary>
public abstract partial class StoreSchemaTests
{
    private static readonly WorkClaimParams Claim = new("mapper", 100, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Reads_NullColumns_MapToNull()
    {
        var clock = PinnedAhead();
        var store = OpenStore(clock);
        var steps = new EngineSteps(store);
        var jobId = (await store.JobSubmitAsync(new JobSubmitParams(NewJobId(out var parameters), "test_wide", parameters, 1, null, null), default)).Job.JobId;
        await store.WorkClaimAsync(Claim with { Limit = 1 }, default); // this job's plan item
        var planned = Enumerable.Range(0, 2)
            .Select(i => new PlannedTask(JobIdentity.TaskId(jobId, 1, $"t{i}"), $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3));
        await steps.StagePlanAsync(new StagePlanParams(jobId, 1, 1, planned), default);
        var claimed = (await store.WorkClaimAsync(Claim, default)).Where(w => w.JobId == jobId).ToList();
        var (first, second) = (claimed[0], claimed[1]);
        await store.LeaseRenewAsync(new LeaseRenewParams("mapper",
            [new TaskHeartbeat(first.TaskId!, first.Attempt, 37.25, "a quarter and then some"), new TaskHeartbeat(second.TaskId!, second.Attempt, null, null)],
            TimeSpan.FromMinutes(1)), default);

        var job = await steps.JobGetAsync(jobId, default);
        var tasks = await store.TaskListAsync(new TaskListParams(jobId), default);
        await steps.TaskCompleteBatchAsync([new TaskCompleteParams(first.TaskId!, null), new TaskCompleteParams(second.TaskId!, new JsonObject { ["v"] = 1 })], default);
        var results = await steps.StageResultsAsync(jobId, 1, default);

        Assert.Equal((null, null, null, null, null, null), (job!.TaskTimeout, job.JobTimeout, job.Deadline, job.Completed, job.Result, job.Error));
        var (withProgress, without) = (tasks.Single(t => t.TaskId == first.TaskId), tasks.Single(t => t.TaskId == second.TaskId));
        Assert.Equal((37.25, "a quarter and then some"), (withProgress.ProgressPercent, withProgress.ProgressMessage));
        Assert.Equal((null, null, null, null, null), (without.ProgressPercent, without.ProgressMessage, without.Timeout, without.Result, without.ErrorType));
        Assert.Equal(clock.GetUtcNow(), without.Claimed);
        Assert.Equal(TimeSpan.Zero, without.Claimed!.Value.Offset);
        Assert.Null(results.Single(r => r.TaskId == first.TaskId).Result);
        Assert.Equal("""{"v":1}""", results.Single(r => r.TaskId == second.TaskId).Result!.ToJsonString());
    }

    [Fact]
    public async Task JobGetAndList_TimesAndSpans_ReadBackExactly()
    {
        var clock = PinnedAhead();
        var store = OpenStore(clock);
        var steps = new EngineSteps(store);
        var created = (await store.JobSubmitAsync(new JobSubmitParams(NewJobId(out var parameters), "test_wide", parameters, 1,
            TimeSpan.FromMilliseconds(1_500), TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1)), default)).Job;

        var job = await steps.JobGetAsync(created.JobId, default);
        var listed = Assert.Single(await store.JobListAsync(new JobListParams(Limit: 1_000), default));

        Assert.Equal((TimeSpan.FromMilliseconds(1_500), TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1)), (job!.TaskTimeout, job.JobTimeout));
        var now = clock.GetUtcNow();
        Assert.Equal((now, now, now + job.JobTimeout), (job.Created, job.Updated, job.Deadline));
        Assert.Equal(TimeSpan.Zero, job.Created.Offset);
        Assert.Equal(job with { Parameters = created.Parameters }, created);
        Assert.Equal(job with { Parameters = listed.Parameters }, listed);
    }

    /// <summary>The id of a test_wide request of the test's own.</summary>
    private static string NewJobId(out JsonObject parameters)
    {
        parameters = new JsonObject { ["run"] = Guid.NewGuid().ToString("N") };
        return JobIdentity.JobId("test_wide", parameters);
    }
}
