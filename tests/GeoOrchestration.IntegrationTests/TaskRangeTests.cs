using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// Queries by job or stage read a range of the task id key ("{job16}-s{stage}-{key}") instead of an
/// index of their own: stage 1 must not take in stage 10, nor one job the tasks of another.
/// </summary>
public sealed class TaskRangeTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task TaskList_ByStage_ReturnsThatStageOnly_EvenWhereOneStageNumberPrefixesAnother()
    {
        var tenStages = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 10 });
        var other = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["stages"] = 1 });
        await WorkerRun.UntilTerminalAsync(fixture, tenStages.Job.JobId);
        await WorkerRun.UntilTerminalAsync(fixture, other.Job.JobId);

        var stage1 = await fixture.Client.ListTasksAsync(tenStages.Job.JobId, stage: 1);
        var stage10 = await fixture.Client.ListTasksAsync(tenStages.Job.JobId, stage: 10);
        var all = await fixture.Client.ListTasksAsync(tenStages.Job.JobId);

        Assert.Equal(3, stage1.Count);
        Assert.All(stage1, t => Assert.Equal(1, t.Stage));
        Assert.Equal(3, stage10.Count);
        Assert.All(stage10, t => Assert.Equal(10, t.Stage));
        Assert.Equal(30, all.Count);
        Assert.All(all, t => Assert.Equal(tenStages.Job.JobId, t.JobId));
        Assert.Equal(Enumerable.Range(1, 10).SelectMany(s => Enumerable.Repeat(s, 3)), all.Select(t => t.Stage));
        Assert.Equal(2, (await fixture.Client.ListTasksAsync(other.Job.JobId)).Count);
    }

    [Fact]
    public async Task StageResults_OfStage1_ExcludeStage10_AndComeInPlanOrder()
    {
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 12, ["stages"] = 10 });
        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);
        Assert.Equal(JobStatus.Completed, job.Status);

        var results = await fixture.Store.StageResultsAsync(job.JobId, 1, default);

        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(1, r.Stage));
        var planOrder = (await fixture.Client.ListTasksAsync(job.JobId, stage: 1)).Select(t => t.TaskId);
        Assert.Equal(planOrder, results.Select(r => r.TaskId));
    }
}
