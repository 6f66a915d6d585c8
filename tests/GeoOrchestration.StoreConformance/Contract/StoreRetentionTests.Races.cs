using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>Pruning against what else changes an ended job: a retry, and a handler that still runs.</summary>
public abstract partial class StoreRetentionTests
{
    [Fact]
    public async Task Prune_AJobRetriedFirst_IsLiveAndLeftWhole()
    {
        var jobId = await FailedJobAsync(6);

        var retried = await Steps.JobRetryAsync(jobId, default);
        var batches = await PruneAllAsync(OpenStore(new SkewedClock(Days(365))), AllEnded(TimeSpan.Zero));

        Assert.Equal(JobChangeStatus.Changed, retried.Status);
        Assert.Equal(0, batches.Sum(b => b.TasksRemoved));
        Assert.Equal(6, (await TasksAsync(jobId)).Count);
        Assert.Equal(JobStatus.Processing, (await Steps.JobGetAsync(jobId, default))!.Status);
        await Client.CancelJobAsync(jobId);
    }

    [Fact]
    public async Task Prune_RacingARetry_EitherTheRetryWinsAndTheJobIsWhole_OrThePruneWinsAndTheJobIsGone()
    {
        const int Jobs = 6, Size = 30;
        var jobs = new List<string>();
        for (var i = 0; i < Jobs; i++) jobs.Add(await FailedJobAsync(Size + i));
        var pruner = OpenStore();
        var retrier = new Engine.EngineSteps(OpenStore());
        var rule = new PruneRule(JobStatus.Failed, TimeSpan.Zero);

        // Batches of 8 rows take a job of 30-35 tasks over several transactions: the retries land between them.
        var prune = Task.Run(() => PruneAllAsync(pruner, [rule], maxRows: 8));
        var retries = await Task.WhenAll(jobs.Select(j => Task.Run(() => retrier.JobRetryAsync(j, default))));
        await prune;

        for (var i = 0; i < Jobs; i++)
        {
            if (retries[i].Status == JobChangeStatus.Changed)
            {
                Assert.Equal(JobStatus.Processing, (await Steps.JobGetAsync(jobs[i], default))!.Status);
                Assert.Equal(Size + i, (await TasksAsync(jobs[i])).Count);
                await Client.CancelJobAsync(jobs[i]);
            }
            else
            {
                Assert.Contains(retries[i].Status, new[] { JobChangeStatus.WrongStatus, JobChangeStatus.NotFound });
                await AssertGoneAsync(jobs[i]);
            }
        }
        Output?.WriteLine($"retried {retries.Count(r => r.Status == JobChangeStatus.Changed)} of {Jobs}");
    }

    [Fact]
    public async Task Prune_EndedJobWhoseHandlerStillRuns_IsPassedOver_UntilTheHandlerStops()
    {
        // The test holds one task's attempt itself (no worker, so no heartbeat decides when it stops),
        // then cancels the job: the job has ended, the attempt still runs.
        var (jobId, _) = await PlannedAsync(3);
        var held = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("handler", 1, LongLease), default));
        await Client.CancelJobAsync(jobId);
        var rule = new PruneRule(JobStatus.Cancelled, TimeSpan.Zero);
        var before = await StoreSnapshot.TakeAsync(Store);

        var count = await Store.PruneCountAsync(new PruneCountParams([rule]), default);
        var batch = await Store.PruneBatchAsync(new PruneBatchParams([rule], 100), default);

        Assert.Equal(new PruneBatchResult(PruneBatchStatus.Done, 0, 0, 0, JobsSkipped: 1), batch);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        // Counted all the same: it is what a prune would take once the handler stops.
        Assert.Equal(new PruneCount(1, 3), count);
        // Not marked either: the handler's report still lands, and then the job goes.
        Assert.Equal(TaskCancelStatus.Cancelled, await Steps.TaskCancelAsync(new TaskCancelParams(held.TaskId!, "handler", held.Attempt), default));
        Assert.Equal(1, (await PruneAllAsync(Store, [rule])).Sum(b => b.JobsRemoved));
        await AssertGoneAsync(jobId);
    }
}
