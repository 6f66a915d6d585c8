using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The store's queries answer exactly what they are asked: a job's tasks or one stage's (stage 1
/// never takes in stage 10, nor one job another's), results in plan order, jobs by status and
/// type, and a job's events, stages and pending control work.
/// </summary>
public abstract partial class StoreQueryTests
{
    [Fact]
    public async Task TaskList_ByStage_ReturnsThatStageOnly_EvenWhereOneStageNumberPrefixesAnother()
    {
        var tenStages = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 10 });
        var other = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["stages"] = 1 });
        await RunUntilTerminalAsync(tenStages.Job.JobId);
        await RunUntilTerminalAsync(other.Job.JobId);

        var stage1 = await TasksAsync(tenStages.Job.JobId, stage: 1);
        var stage10 = await TasksAsync(tenStages.Job.JobId, stage: 10);
        var all = await TasksAsync(tenStages.Job.JobId);

        Assert.Equal(3, stage1.Count);
        Assert.All(stage1, t => Assert.Equal(1, t.Stage));
        Assert.Equal(3, stage10.Count);
        Assert.All(stage10, t => Assert.Equal(10, t.Stage));
        Assert.Equal(30, all.Count);
        Assert.All(all, t => Assert.Equal(tenStages.Job.JobId, t.JobId));
        Assert.Equal(Enumerable.Range(1, 10).SelectMany(s => Enumerable.Repeat(s, 3)), all.Select(t => t.Stage));
        Assert.Equal(2, (await TasksAsync(other.Job.JobId)).Count);
        Assert.Equal(Enumerable.Range(1, 10), (await Store.StageListAsync(new StageListParams(tenStages.Job.JobId), default)).Select(s => s.Stage));
    }

    [Fact]
    public async Task StageResults_OfStage1_ExcludeStage10_AndComeInPlanOrder()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 12, ["stages"] = 10 });
        var job = await RunUntilTerminalAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.Completed, job.Status);

        var results = await Steps.StageResultsAsync(job.JobId, 1, default);

        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(1, r.Stage));
        Assert.Equal((await TasksAsync(job.JobId, stage: 1)).Select(t => t.TaskId), results.Select(r => r.TaskId));
    }

    [Fact]
    public async Task JobList_ByStatusAndType_ReturnsOnlyThoseJobsWithTheirStatus()
    {
        var queued = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 7 })).Job.JobId;
        var cancelled = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 8 })).Job.JobId;
        var otherType = (await Client.SubmitAsync("noop", new JsonObject { ["label"] = "other" })).Job.JobId;
        await Client.CancelJobAsync(cancelled);

        var listed = await Client.ListJobsAsync(new JobListParams(JobStatus.Queued, "test_wide"));

        Assert.Equal([queued], listed.Select(j => j.JobId));
        Assert.Equal(JobStatus.Queued, listed[0].Status);
        Assert.Equal([cancelled], (await Client.ListJobsAsync(new JobListParams(JobStatus.Cancelled))).Select(j => j.JobId));
        Assert.Equal([otherType], (await Client.ListJobsAsync(new JobListParams(JobType: "noop"))).Select(j => j.JobId));
        Assert.Single(await Client.ListJobsAsync(new JobListParams(Limit: 1)));
    }

    [Fact]
    public async Task JobEventList_ByKindAndStage_ReturnsTheJobsEventsInTheOrderWritten()
    {
        var (jobId, tasks) = await PlannedAsync(2);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        await CompleteAllAsync(tasks);
        var other = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 })).Job.JobId;

        var all = await Store.JobEventListAsync(new JobEventListParams(jobId), default);
        var planned = await Store.JobEventListAsync(new JobEventListParams(jobId, JobEventKind.StagePlanned), default);
        var stage1 = await Store.JobEventListAsync(new JobEventListParams(jobId, Stage: 1), default);

        (JobEventKind, int?)[] expected = [(JobEventKind.Submitted, null), (JobEventKind.StagePlanned, 1), (JobEventKind.StageCompleted, 1)];
        Assert.Equal(expected, all.Select(e => (e.Kind, e.Stage)));
        Assert.All(all, e => Assert.Equal(jobId, e.JobId));
        Assert.Equal(all.Select(e => e.OccurredAt).Order(), all.Select(e => e.OccurredAt));
        Assert.Equal(2, Assert.Single(planned).Detail!["tasks"]!.GetValue<int>());
        Assert.Equal([JobEventKind.StagePlanned, JobEventKind.StageCompleted], stage1.Select(e => e.Kind));
        Assert.Empty(await Store.JobEventListAsync(new JobEventListParams(jobId, JobEventKind.StageCompleted, 2), default));
        Assert.Equal([JobEventKind.Submitted], (await Store.JobEventListAsync(new JobEventListParams(other), default)).Select(e => e.Kind));
        Assert.Empty(await Store.JobEventListAsync(new JobEventListParams(new string('e', 64)), default));
    }

    [Fact]
    public async Task StageList_PlannedStages_ComeInStageOrderWithTheirCounters()
    {
        var (jobId, tasks) = await PlannedAsync(3);
        var unplanned = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 4 })).Job.JobId;
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        await CompleteAllAsync(tasks.Take(1));
        var running = await StageAsync(jobId, 1);

        await CompleteAllAsync(tasks);
        var next = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default), i => i.JobId == jobId);
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 2, 2,
            [new PlannedTask(TaskId(jobId, 2, "collect"), "collect", "test_collect", new JsonObject(), 3)]), default);
        var stages = await Store.StageListAsync(new StageListParams(jobId), default);

        Assert.Equal((jobId, 1, 3, 2), (running.JobId, running.Stage, running.TaskCount, running.Remaining));
        Assert.Null(running.CompletedAt);
        Assert.Null(running.AdvancedAt);
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
        Assert.Equal([1, 2], stages.Select(s => s.Stage));
        Assert.Equal((3, 0), (stages[0].TaskCount, stages[0].Remaining));
        Assert.NotNull(stages[0].CompletedAt);
        Assert.NotNull(stages[0].AdvancedAt);
        Assert.InRange(stages[0].CompletedAt!.Value, stages[0].PlannedAt, stages[1].PlannedAt);
        Assert.Equal((1, 1), (stages[1].TaskCount, stages[1].Remaining));
        Assert.Null(stages[1].CompletedAt);
        Assert.Empty(await Store.StageListAsync(new StageListParams(unplanned), default));
    }

    [Fact]
    public async Task WorkList_OfAJobAndOfAll_ReturnsPendingControlItemsWithTheirLeases()
    {
        var first = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 5 })).Job;
        var second = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 6 })).Job;
        var claimed = Assert.Single(await OpenStore().WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default));
        var (held, waiting) = claimed.JobId == first.JobId ? (first, second) : (second, first);

        var all = await Store.WorkListAsync(new WorkListParams(), default);
        var heldItem = Assert.Single(await WorkAsync(held.JobId));
        var waitingItem = Assert.Single(await WorkAsync(waiting.JobId));

        Assert.Equal(new[] { first.JobId, second.JobId }.Order(StringComparer.Ordinal), all.Select(w => w.JobId));
        Assert.Equal((WorkKind.PlanStage, 1, 1, "w"), (heldItem.Kind, heldItem.Stage, heldItem.Attempts, heldItem.LeaseOwner));
        Assert.NotNull(heldItem.LeaseExpiresAt);
        Assert.Equal((WorkKind.PlanStage, 1, 0, null), (waitingItem.Kind, waitingItem.Stage, waitingItem.Attempts, waitingItem.LeaseOwner));
        Assert.Null(waitingItem.LeaseExpiresAt);
        Assert.Equal(waiting.Created, waitingItem.VisibleAt);
        Assert.Empty(await WorkAsync(new string('e', 64)));
    }
}
