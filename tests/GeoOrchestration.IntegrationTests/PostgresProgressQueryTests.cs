using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>A job's events, stages and pending work as PostgreSQL's JobEventList, StageList and WorkList tell them.</summary>
public sealed class PostgresProgressQueryTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task JobEventListStageListWorkList_AlongAJob_TellItsProgress()
    {
        await using var jobs = new HandPlannedJobs(fixture);
        var (jobId, tasks) = await jobs.SubmitAsync(2);
        await new EngineSteps(fixture.Store).StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks), default);
        var claimed = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default)).Where(i => i.JobId == jobId).ToList();
        await new EngineSteps(fixture.Store).TaskCompleteBatchAsync(claimed.Select(c => new TaskCompleteParams(c.TaskId!, new JsonObject())).ToList(), default);

        var events = await fixture.Store.JobEventListAsync(new JobEventListParams(jobId), default);
        var stage = Assert.Single(await fixture.Store.StageListAsync(new StageListParams(jobId), default));
        var work = Assert.Single(await fixture.Store.WorkListAsync(new WorkListParams(jobId), default));

        Assert.Equal([JobEventKind.Submitted, JobEventKind.StagePlanned, JobEventKind.StageCompleted], events.Select(e => e.Kind));
        Assert.Equal((null, 1, 1), (events[0].Stage, events[1].Stage, events[2].Stage));
        Assert.Equal(2, events[1].Detail!["tasks"]!.GetValue<int>());
        Assert.Equal((jobId, 1, 2, 0), (stage.JobId, stage.Stage, stage.TaskCount, stage.Remaining));
        Assert.NotNull(stage.CompletedAt);
        Assert.Equal(stage.CompletedAt, stage.AdvancedAt);
        Assert.Equal((jobId, WorkKind.PlanStage, 2, 0, (string?)null, (DateTimeOffset?)null),
            (work.JobId, work.Kind, work.Stage, work.Attempts, work.LeaseOwner, work.LeaseExpiresAt));
        Assert.Equal([JobEventKind.StageCompleted],
            (await fixture.Store.JobEventListAsync(new JobEventListParams(jobId, JobEventKind.StageCompleted, 1), default)).Select(e => e.Kind));
        Assert.Empty(await fixture.Store.JobEventListAsync(new JobEventListParams(jobId, Stage: 2), default));
        Assert.Contains(await fixture.Store.WorkListAsync(new WorkListParams(), default), w => w.JobId == jobId);
    }
}
