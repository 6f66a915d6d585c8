using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Wake-ups come from the engine's steps only: a transaction step of the store never wakes workers
/// on its own, whatever runnable work it creates (a plan, a retry, a hand-back, a rescued lease, an
/// advance); the engine's step asks for it (<see cref="IGeoStoreTransaction.WorkersWakeAsync"/>), and
/// a hand-back wakes only when a task went back to the queue. Counted through the harness.
/// </summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task TransactionSteps_CreatingRunnableWork_WakeNoOneOnTheirOwn()
    {
        var (jobId, planned) = await SubmitToPlanAsync(4, SubmitOptions.Default with { RunKey = Guid.NewGuid().ToString("N") });
        await using var wakeUps = await CountWakeUpsAsync();

        await Store.ExecuteAsync((tx, ct) => tx.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), ct), default);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        Assert.Equal(4, claimed.Count);
        await Store.ExecuteAsync((tx, ct) => tx.TaskRetryScheduleAsync(
            new TaskRetryScheduleParams(claimed[0].TaskId!, "w", claimed[0].Attempt, TimeSpan.FromMilliseconds(1), "Boom", "retry"), ct), default);
        await Store.ExecuteAsync((tx, ct) => tx.TasksReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(claimed[1].TaskId!, claimed[1].Attempt)]), ct), default);
        await OpenStore(new SkewedClock(TimeSpan.FromHours(2))).ExecuteAsync((tx, ct) => tx.LeasesRescueAsync(new LeasesRescueParams(
            [new LeaseRescue(claimed[2].TaskId!, claimed[2].Attempt, TaskRecordStatus.Queued, "lease expired (test)")]), ct), default);
        await Store.ExecuteAsync((tx, ct) => tx.TaskCompleteManyAsync(new TaskCompleteManyParams(
            claimed.Select(c => new TaskCompleteParams(c.TaskId!, null)).OrderBy(c => c.TaskId, StringComparer.Ordinal).ToList()), ct), default);
        Assert.Equal(StageAdvanceStatus.Advanced, await Store.ExecuteAsync((tx, ct) =>
            tx.StageAdvanceAsync(new StageAdvanceParams(jobId, 1, WorkStep.After(1, 2)), ct), default));

        Assert.Equal(0, await wakeUps.CountAsync(default));
        // The counter counts: a wake-up asked for is one.
        await Store.ExecuteAsync(async (tx, ct) => { await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct); return 0; }, default);
        Assert.Equal(Capabilities.WakeUps == Harness.WakeUpMechanism.PollOnly ? 0 : 1, await wakeUps.CountAsync(default));
    }

    [Fact]
    public async Task TaskRelease_Step_WakesOnlyWhenATaskWentBackToTheQueue()
    {
        var (jobId, planned) = await SubmitToPlanAsync(2, SubmitOptions.Default with { RunKey = Guid.NewGuid().ToString("N") });
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), default);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        var woken = Capabilities.WakeUps == Harness.WakeUpMechanism.PollOnly ? 0 : 1;
        await using var wakeUps = await CountWakeUpsAsync();

        Assert.Equal(1, await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(claimed[0].TaskId!, claimed[0].Attempt)]), default));
        Assert.Equal(woken, await wakeUps.CountAsync(default));
        // The same attempt again holds nothing: nothing went back, no one wakes.
        Assert.Equal(0, await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(claimed[0].TaskId!, claimed[0].Attempt)]), default));
        Assert.Equal(woken, await wakeUps.CountAsync(default));
        // Its job ended: the held task is cancelled, not queued, and no one wakes for it.
        await Steps.JobCancelAsync(jobId, "cancelled by the test", default);
        Assert.Equal(1, await Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(claimed[1].TaskId!, claimed[1].Attempt)]), default));
        Assert.Equal(woken, await wakeUps.CountAsync(default));
    }
}
