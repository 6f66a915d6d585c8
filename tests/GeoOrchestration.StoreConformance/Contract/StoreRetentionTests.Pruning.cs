using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>Pruning by status and age: what goes goes whole, what is live or young stays as it was.</summary>
public abstract partial class StoreRetentionTests
{
    [Fact]
    public async Task Prune_StoredPolicy_RemovesOnlyJobsEndedLongerAgoThanTheirStatusKeeps_WithEverythingOfThem()
    {
        var completed = await CompletedJobAsync(tasks: 2);
        var failed = await FailedJobAsync(3);
        var cancelled = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 1, ["label"] = "c" })).Job;
        await Client.CancelJobAsync(cancelled.JobId);
        var failedTasks = (await TasksAsync(failed)).Count;

        // Today nothing is old enough; 8 days on, completed and cancelled (7 days) are, failed (30) is not.
        var now = await Steps.PruneCountAsync(null, default);
        var eightDays = StepsDaysAhead(8);
        var counted = await eightDays.PruneCountAsync(null, default);
        var before = await StoreSnapshot.TakeAsync(Store);
        var pass = await eightDays.PruneAsync(new PruneRequest { PauseRatio = 0 }, default);

        Assert.Equal(new PruneCount(0, 0), now);
        // The completed job's 2 tasks (the cancelled one was never planned).
        Assert.Equal(new PruneCount(2, 2), counted);
        Assert.NotEqual(before, await StoreSnapshot.TakeAsync(Store));
        Assert.Equal((2, 2L), (pass.Jobs, pass.Tasks));
        await AssertGoneAsync(completed.JobId);
        await AssertGoneAsync(cancelled.JobId);
        Assert.Equal((JobStatus.Failed, failedTasks), ((await Steps.JobGetAsync(failed, default))!.Status, (await TasksAsync(failed)).Count));
        Assert.NotEmpty(await Store.JobEventListAsync(new JobEventListParams(failed), default));

        var month = await StepsDaysAhead(31).PruneAsync(new PruneRequest { PauseRatio = 0 }, default);

        Assert.Equal((1, (long)failedTasks), (month.Jobs, month.Tasks));
        await AssertGoneAsync(failed);
    }

    [Fact]
    public async Task PruneCount_CountsWhatWouldGo_AndWritesNothing()
    {
        await CompletedJobAsync(tasks: 4);
        var failed = await FailedJobAsync(6);
        var before = await StoreSnapshot.TakeAsync(Store);

        var all = await Store.PruneCountAsync(new PruneCountParams(AllEnded(TimeSpan.Zero)), default);
        var onlyFailed = await Store.PruneCountAsync(new PruneCountParams([new PruneRule(JobStatus.Failed, TimeSpan.Zero)]), default);
        var tooYoung = await Store.PruneCountAsync(new PruneCountParams(AllEnded(Days(1))), default);

        Assert.Equal(new PruneCount(2, 4 + 6), all);
        Assert.Equal(new PruneCount(1, 6), onlyFailed);
        Assert.Equal(new PruneCount(0, 0), tooYoung);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        Assert.NotNull(await Steps.JobGetAsync(failed, default));
    }

    [Fact]
    public async Task Prune_LiveJobs_AreNeverRemoved_WhateverTheRules()
    {
        var (processing, _) = await PlannedAsync(5);
        var queued = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 1, ["label"] = "q" })).Job;
        var yearAhead = OpenStore(new SkewedClock(Days(365)));
        var before = await StoreSnapshot.TakeAsync(Store);

        var count = await yearAhead.PruneCountAsync(new PruneCountParams(AllEnded(TimeSpan.Zero)), default);
        var batches = await PruneAllAsync(yearAhead, AllEnded(TimeSpan.Zero));

        Assert.Equal(new PruneCount(0, 0), count);
        Assert.Equal(new PruneBatchResult(PruneBatchStatus.Done, 0, 0, 0), Assert.Single(batches));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        await Client.CancelJobAsync(queued.JobId);
        await Client.CancelJobAsync(processing);
    }

    [Fact]
    public async Task Prune_InSmallBatches_LeavesTheJobAsItEndedOrGone_AndARetryRefusesIt_AndAnyLaterBatchFinishesIt()
    {
        var jobId = await FailedJobAsync(40);
        var stages = await Store.StageListAsync(new StageListParams(jobId), default);
        var other = await FailedJobAsync(3);
        var rule = new PruneRule(JobStatus.Failed, TimeSpan.Zero);

        // One batch of 7 rows marks the oldest failed job and deletes 7 of its tasks.
        var first = await Store.PruneBatchAsync(new PruneBatchParams([rule], 7), default);
        var retry = await Steps.JobRetryAsync(jobId, default);
        var job = await Steps.JobGetAsync(jobId, default);

        Assert.Equal(new PruneBatchResult(PruneBatchStatus.More, 0, 7, 0), first);
        Assert.Equal((JobChangeStatus.WrongStatus, JobStatus.Failed), (retry.Status, retry.Job!.Status));
        Assert.Equal((JobStatus.Failed, 33), (job!.Status, (await TasksAsync(jobId)).Count));
        Assert.Equal(stages, await Store.StageListAsync(new StageListParams(jobId), default));
        // A batch with no rules at all still finishes the removal begun, and takes no other job.
        var rest = new List<PruneBatchResult>();
        while (await Steps.JobGetAsync(jobId, default) is { } still)
        {
            Assert.Equal(JobStatus.Failed, still.Status);
            Assert.Equal(JobChangeStatus.WrongStatus, (await Steps.JobRetryAsync(jobId, default)).Status);
            rest.Add(await Store.PruneBatchAsync(new PruneBatchParams([], 7), default));
        }
        await AssertGoneAsync(jobId);
        Assert.Equal(33, rest.Sum(b => b.TasksRemoved));
        Assert.Equal(1, rest.Sum(b => b.JobsRemoved));
        Assert.True(rest.Count >= 5, $"{rest.Count} batches of 7 rows for 33 tasks and the job's events");
        Assert.Equal(JobStatus.Failed, (await Steps.JobGetAsync(other, default))!.Status);
        Assert.Equal(3, (await TasksAsync(other)).Count);
        await PruneAllAsync(Store, [rule]);
        await AssertGoneAsync(other);
    }

    [Fact]
    public async Task JobRecord_ShowsRemovingAt_OnceRetentionBeganRemovingTheJob_AndNullOtherwise()
    {
        var jobId = await FailedJobAsync(20);
        var other = await FailedJobAsync(3);
        var completed = await CompletedJobAsync();
        var before = await Steps.JobGetAsync(jobId, default);

        // One batch of 5 rows marks the oldest failed job and deletes some of its tasks: it is half removed.
        await Store.PruneBatchAsync(new PruneBatchParams([new PruneRule(JobStatus.Failed, TimeSpan.Zero)], 5), default);
        var removing = await Steps.JobGetAsync(jobId, default);
        var listed = await Store.JobListAsync(new JobListParams(), default);

        Assert.Null(before!.RemovingAt);
        Assert.NotNull(removing!.RemovingAt);
        Assert.InRange(removing.RemovingAt!.Value, removing.Completed!.Value, DateTimeOffset.MaxValue);
        Assert.Equal(removing.RemovingAt, Assert.Single(listed, j => j.JobId == jobId).RemovingAt);
        Assert.Null(Assert.Single(listed, j => j.JobId == other).RemovingAt);
        Assert.Null(Assert.Single(listed, j => j.JobId == completed.JobId).RemovingAt);
        Assert.Null((await Steps.JobGetAsync(other, default))!.RemovingAt);
        await PruneAllAsync(Store, [new PruneRule(JobStatus.Failed, TimeSpan.Zero)]);
        await AssertGoneAsync(jobId);
    }
}
