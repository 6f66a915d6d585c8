using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A task held by a worker goes back to the queue when the worker shuts down (TaskRelease) or its
/// handler fails transiently (a retry); when its job ended meanwhile (cancelled, or failed by another
/// task) it is cancelled instead, so an ended job never shows a queued task that nothing would run
/// but to cancel it.
/// </summary>
public abstract partial class StoreTransitionTests
{
    private static TaskReleaseParams ReleaseOf(string worker, IEnumerable<WorkItem> items) =>
        new(worker, items.Select(i => new TaskAttempt(i.TaskId!, i.Attempt)).ToList());

    [Fact]
    public async Task TaskRelease_TasksOfAJobCancelledMeanwhile_AreCancelledNotRequeued_WhileALiveJobsAreRequeued()
    {
        var (ended, _) = await PlannedAsync(3);
        var (live, _) = await PlannedAsync(2);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 5, LongLease), default);
        Assert.Equal(5, claimed.Count(c => c.Kind == WorkKind.RunTask));
        await Steps.JobCancelAsync(ended, "operator said stop", default);

        var released = await Store.TaskReleaseAsync(ReleaseOf("w", claimed), default);

        Assert.Equal(5, released);
        Assert.All(await TasksAsync(ended), t => Assert.Equal((TaskRecordStatus.Cancelled, 1, null), (t.Status, t.Attempts, t.LeaseOwner)));
        Assert.All(await TasksAsync(live), t => Assert.Equal((TaskRecordStatus.Queued, 0, null), (t.Status, t.Attempts, t.LeaseOwner)));
        await LeftBehindCheck.AssertAsync(Store, ["w"], default);
    }

    [Fact]
    public async Task TaskRelease_TasksOfAJobFailedByAnotherTask_AreCancelledNotRequeued()
    {
        var (jobId, _) = await PlannedAsync(4);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 3, LongLease), default);
        Assert.Equal(TaskFailStatus.JobFailed, (await Steps.TaskFailAsync(FailFor(claimed[0], "w"), default)).Status);

        var released = await Store.TaskReleaseAsync(ReleaseOf("w", claimed.Skip(1)), default);

        Assert.Equal(2, released);
        var tasks = await TasksAsync(jobId);
        Assert.Equal(JobStatus.Failed, (await Client.GetJobAsync(jobId)).Status);
        Assert.DoesNotContain(tasks, t => t.Status is TaskRecordStatus.Queued or TaskRecordStatus.Processing);
        Assert.Equal([TaskRecordStatus.Failed, TaskRecordStatus.Cancelled, TaskRecordStatus.Cancelled, TaskRecordStatus.Cancelled],
            tasks.OrderBy(t => t.TaskId == claimed[0].TaskId ? 0 : 1).Select(t => t.Status));
        await LeftBehindCheck.AssertAsync(Store, ["w"], default);
    }

    [Fact]
    public async Task TaskFail_TransientFailureOfATaskWhoseJobWasCancelledMeanwhile_CancelsItInsteadOfSchedulingARetry()
    {
        var (jobId, _) = await PlannedAsync(3);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        await Steps.JobCancelAsync(jobId, "operator said stop", default);

        var outcomes = new List<TaskFailStatus>();
        foreach (var item in claimed)
            outcomes.Add((await Steps.TaskFailAsync(FailFor(item, "w") with { ErrorType = "IOException", RetryDelay = TimeSpan.Zero }, default)).Status);

        Assert.Equal([TaskFailStatus.Cancelled, TaskFailStatus.Cancelled], outcomes);
        Assert.All(await TasksAsync(jobId), t => Assert.Equal((TaskRecordStatus.Cancelled, null), (t.Status, t.LeaseOwner)));
        Assert.Equal(JobStatus.Cancelled, (await Client.GetJobAsync(jobId)).Status);
        await LeftBehindCheck.AssertAsync(Store, ["w"], default);
    }

    [Fact]
    public async Task TaskFail_TransientFailureOfATaskWhoseJobFailedMeanwhile_CancelsItInsteadOfSchedulingARetry()
    {
        var (jobId, _) = await PlannedAsync(3);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        Assert.Equal(TaskFailStatus.JobFailed, (await Steps.TaskFailAsync(FailFor(claimed[0], "w"), default)).Status);

        var outcome = await Steps.TaskFailAsync(FailFor(claimed[1], "w") with { ErrorType = "IOException", RetryDelay = TimeSpan.Zero }, default);

        Assert.Equal(TaskFailStatus.Cancelled, outcome.Status);
        Assert.Equal(TaskRecordStatus.Cancelled, (await TaskAsync(jobId, claimed[1].TaskId!)).Status);
        Assert.DoesNotContain(await TasksAsync(jobId), t => t.Status is TaskRecordStatus.Queued or TaskRecordStatus.Processing);
        await LeftBehindCheck.AssertAsync(Store, ["w"], default);
    }
}
