using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The janitor's choice for an expired lease (requeue, fail, cancel) is the engine step's
/// (<c>EngineSteps.RescueOutcome</c>); the store's <see cref="IGeoStoreTransaction.LeasesRescueAsync"/>
/// writes exactly the outcome it is given, whatever the attempts say, except that a task whose job
/// has ended is cancelled (the one rule its statement keeps, for atomicity).
/// </summary>
public abstract partial class StoreTransitionTests
{
    /// <summary>A job of its own (a run key apiece) whose stage 1 is one task, <c>only</c>, planned and not yet claimed.</summary>
    private async Task<(string JobId, string TaskId)> OneTaskJobAsync(int maxAttempts)
    {
        var (jobId, _) = await SubmitToPlanAsync(1, SubmitOptions.Default with { RunKey = Guid.NewGuid().ToString("N") });
        var taskId = TaskId(jobId, 1, "only");
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2,
            [new PlannedTask(taskId, "only", "test_echo", new System.Text.Json.Nodes.JsonObject { ["index"] = 0 }, maxAttempts)]), default);
        return (jobId, taskId);
    }

    /// <summary>Ends each task's expired attempt with the outcome given, through a client whose clock is past every lease.</summary>
    private async Task<Dictionary<string, RescuedTask>> RescueAsync(params (string TaskId, int Attempt, TaskRecordStatus Outcome)[] leases)
    {
        var late = OpenStore(new SkewedClock(TimeSpan.FromHours(2)));
        var rescued = await late.ExecuteAsync((tx, ct) => tx.LeasesRescueAsync(new LeasesRescueParams(
            leases.Select(l => new LeaseRescue(l.TaskId, l.Attempt, l.Outcome, "lease expired (test)")).ToList()), ct), default);
        return rescued.ToDictionary(r => r.TaskId, StringComparer.Ordinal);
    }

    [Fact]
    public async Task LeasesRescue_OutcomeGiven_IsWrittenWhateverTheAttemptsLeft()
    {
        var (failJob, failTask) = await OneTaskJobAsync(maxAttempts: 3);   // attempts left, yet told to fail
        var (queueJob, queueTask) = await OneTaskJobAsync(maxAttempts: 1); // its last attempt, yet told to run again
        var (cancelJob, cancelTask) = await OneTaskJobAsync(maxAttempts: 3); // a live job, yet told to cancel
        var claimed = (await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default)).ToDictionary(i => i.TaskId!, i => i.Attempt);

        var rescued = await RescueAsync((failTask, claimed[failTask], TaskRecordStatus.Failed),
            (queueTask, claimed[queueTask], TaskRecordStatus.Queued), (cancelTask, claimed[cancelTask], TaskRecordStatus.Cancelled));

        Assert.Equal(TaskRecordStatus.Failed, rescued[failTask].Status);
        Assert.Equal("lease expired (test)", rescued[failTask].Reason);
        Assert.Equal(TaskRecordStatus.Queued, rescued[queueTask].Status);
        Assert.Equal(TaskRecordStatus.Cancelled, rescued[cancelTask].Status);
        var failed = (await Store.TaskGetAsync(new TaskGetParams(failTask), default))!;
        Assert.Equal((TaskRecordStatus.Failed, "LeaseExpired"), (failed.Status, failed.ErrorType));
        Assert.Equal(TaskRecordStatus.Queued, (await Store.TaskGetAsync(new TaskGetParams(queueTask), default))!.Status);
        // What the engine would do next, so the store adds up: a failure beyond tolerance fails its job; a cancelled task's job is cancelled.
        await Steps.JobFailAsync(failJob, "failed by the test's rescue", default);
        await Steps.JobCancelAsync(cancelJob, "cancelled by the test's rescue", default);
        Assert.Equal(JobStatus.Processing, (await Client.GetJobAsync(queueJob)).Status);
    }

    [Fact]
    public async Task LeasesRescue_JobEndedAfterTheLeaseWasRead_CancelsTheTaskWhateverWasDecided()
    {
        var (requeueJob, requeueTask) = await OneTaskJobAsync(maxAttempts: 3);
        var (failJob, failTask) = await OneTaskJobAsync(maxAttempts: 1);
        var claimed = (await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default)).ToDictionary(i => i.TaskId!, i => i.Attempt);
        // Ended while the attempts ran: their tasks stay processing until their handlers (or the janitor) end them.
        await Steps.JobCancelAsync(requeueJob, "cancelled while running", default);
        await Steps.JobCancelAsync(failJob, "cancelled while running", default);

        var rescued = await RescueAsync((requeueTask, claimed[requeueTask], TaskRecordStatus.Queued),
            (failTask, claimed[failTask], TaskRecordStatus.Failed));

        Assert.Equal(TaskRecordStatus.Cancelled, rescued[requeueTask].Status);
        Assert.Equal(TaskRecordStatus.Cancelled, rescued[failTask].Status);
        Assert.Null((await Store.TaskGetAsync(new TaskGetParams(failTask), default))!.ErrorType);
    }
}
