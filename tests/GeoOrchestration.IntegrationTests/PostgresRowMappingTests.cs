using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// PostgreSQL's read paths through the shared row mapping, at the edges of its types: NULL columns
/// (no result, no progress, no timeouts) read as null, a real progress and intervals read back as
/// written, timestamptz as UTC. (NaN progress cannot reach a row: the column's CHECK refuses it, as
/// NaN sorts above 100, and the engine refuses a non-finite progress before that.)
/// </summary>
public sealed class PostgresRowMappingTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private EngineSteps Steps => new(fixture.Store);

    private static readonly WorkClaimParams Claim = new("mapper", 100, TimeSpan.FromMinutes(1));

    private static JobSubmitParams Job(TimeSpan? taskTimeout = null, TimeSpan? jobTimeout = null)
    {
        var parameters = new JsonObject { ["run"] = Guid.NewGuid().ToString("N") };
        return new JobSubmitParams(JobIdentity.JobId("test_wide", parameters), "test_wide", parameters, 1, taskTimeout, jobTimeout);
    }

    [Fact]
    public async Task Reads_NullColumns_MapToNull()
    {
        var jobId = (await fixture.Store.JobSubmitAsync(Job(), default)).Job.JobId;
        await fixture.Store.WorkClaimAsync(Claim, default); // this job's plan item
        var planned = Enumerable.Range(0, 2)
            .Select(i => new PlannedTask(JobIdentity.TaskId(jobId, 1, $"t{i}"), $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3));
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 1, planned), default);
        var claimed = (await fixture.Store.WorkClaimAsync(Claim, default)).Where(w => w.JobId == jobId).ToList();
        var (first, second) = (claimed[0], claimed[1]);
        await fixture.Store.LeaseRenewAsync(new LeaseRenewParams("mapper",
            [new TaskHeartbeat(first.TaskId!, first.Attempt, 37.25, "a quarter and then some"), new TaskHeartbeat(second.TaskId!, second.Attempt, null, null)],
            TimeSpan.FromMinutes(1)), default);

        var job = await Steps.JobGetAsync(jobId, default);
        var tasks = await fixture.Store.TaskListAsync(new TaskListParams(jobId), default);
        await Steps.TaskCompleteBatchAsync([new TaskCompleteParams(first.TaskId!, null), new TaskCompleteParams(second.TaskId!, new JsonObject { ["v"] = 1 })], default);
        var results = await Steps.StageResultsAsync(jobId, 1, default);

        Assert.Equal((null, null, null, null, null, null), (job!.TaskTimeout, job.JobTimeout, job.Deadline, job.Completed, job.Result, job.Error));
        var (withProgress, without) = (tasks.Single(t => t.TaskId == first.TaskId), tasks.Single(t => t.TaskId == second.TaskId));
        Assert.Equal((37.25, "a quarter and then some"), (withProgress.ProgressPercent, withProgress.ProgressMessage));
        Assert.Equal((null, null, null, null, null), (without.ProgressPercent, without.ProgressMessage, without.Timeout, without.Result, without.ErrorType));
        Assert.Equal(TimeSpan.Zero, without.Claimed!.Value.Offset);
        Assert.Null(results.Single(r => r.TaskId == first.TaskId).Result);
        Assert.Equal("""{"v":1}""", results.Single(r => r.TaskId == second.TaskId).Result!.ToJsonString());
    }

    [Fact]
    public async Task JobGetAndList_TimesAndSpans_ReadBackExactly()
    {
        var submitted = Job(TimeSpan.FromMilliseconds(1_500), TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1));
        var created = (await fixture.Store.JobSubmitAsync(submitted, default)).Job;

        var job = await Steps.JobGetAsync(submitted.JobId, default);
        var listed = (await fixture.Store.JobListAsync(new JobListParams(Limit: 1_000), default)).Single(j => j.JobId == submitted.JobId);

        Assert.Equal((TimeSpan.FromMilliseconds(1_500), TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1)), (job!.TaskTimeout, job.JobTimeout));
        Assert.Equal(job.Created + job.JobTimeout, job.Deadline);
        Assert.Equal(TimeSpan.Zero, job.Created.Offset);
        Assert.Equal(job with { Parameters = created.Parameters }, created);
        Assert.Equal(job with { Parameters = listed.Parameters }, listed);
    }
}
