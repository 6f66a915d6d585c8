using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A worker may report only on the attempt it still holds. Its lease lapses (a GC pause, a stopped
/// container), the janitor requeues the task, another worker (or the same one) may claim it again;
/// the first worker's late failure, retry, release, cancel and heartbeat must leave the newer
/// attempt and the job alone (NotOwner). A late completion still counts if it comes first.
/// </summary>
public abstract partial class StoreTransitionTests
{
    /// <summary>
    /// Plans a job of <paramref name="size"/> tasks, claims them as <paramref name="worker"/> with a
    /// lease that lapses, and lets the janitor requeue them; returns the lapsed attempt of task 0.
    /// </summary>
    private async Task<(string JobId, List<PlannedTask> Tasks, WorkItem Stale)> LapsedAsync(int size, string worker)
    {
        var (jobId, tasks) = await PlannedAsync(size);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams(worker, 100, TimeSpan.FromMilliseconds(100)), default);
        var stale = Assert.Single(claimed, i => i.TaskId == tasks[0].TaskId);
        await Eventually.TrueAsync(async () => (await Steps.JanitorRunAsync(default))?.LeasesRescued > 0);
        Assert.Equal(TaskRecordStatus.Queued, (await TaskAsync(jobId, stale.TaskId!)).Status);
        return (jobId, tasks, stale);
    }

    /// <summary>
    /// The lapsed attempt's client of the test's store, for its late report: its clock stands still
    /// (at the moment it is opened). The tests compare the task before and after that report, lease
    /// expiry included; on SQLite a write that holds the file's lock for 50 ms or more by the store's
    /// clock gives that time back to every running lease, the newer attempt's too
    /// (SqliteStore.LongWrites.cs), and on a loaded machine any write may be that slow. That shift is
    /// the store making up for renewals it blocked, not the report's doing; on a clock that stands
    /// still the write holds the lock for no time, so only what the report itself writes is compared.
    /// </summary>
    private (IGeoStore Store, EngineSteps Steps) LateReporter()
    {
        var store = OpenStore(new FakeTimeProvider(DateTimeOffset.UtcNow));
        return (store, new EngineSteps(store));
    }

    /// <summary>Claims the lapsed task again, as <paramref name="worker"/>: its newer attempt.</summary>
    private async Task<IReadOnlyList<WorkItem>> ClaimAgainAsync(string worker, WorkItem stale)
    {
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams(worker, 100, LongLease), default);
        Assert.Equal(stale.Attempt + 1, Assert.Single(claimed, i => i.TaskId == stale.TaskId).Attempt);
        return claimed;
    }

    /// <summary>The newer attempts complete their tasks and a worker runs the rest: the job reaches its end.</summary>
    private async Task<JobRecord> GoesOnAsync(string jobId, IReadOnlyList<WorkItem> newer)
    {
        foreach (var item in newer.Where(i => i.JobId == jobId))
            Assert.Equal(TaskCompleteStatus.Completed,
                (await Steps.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["index"] = 0 }), default)).Status);
        return await RunUntilTerminalAsync(jobId);
    }

    [Theory]
    // reclaimer: null = the task waits in the queue; "stale" = the same worker claimed it again.
    [InlineData(null, true)]
    [InlineData(null, false)]
    [InlineData("other", true)]
    [InlineData("other", false)]
    [InlineData("stale", true)]
    [InlineData("stale", false)]
    public async Task TaskFail_FromALapsedAttempt_IsNotOwnerAndTheTaskAndJobGoOn(string? reclaimer, bool transient)
    {
        var (jobId, _, stale) = await LapsedAsync(3, "stale");
        var newer = reclaimer is null ? [] : await ClaimAgainAsync(reclaimer, stale);
        var late = LateReporter();
        var before = await TaskAsync(jobId, stale.TaskId!);

        var outcome = await late.Steps.TaskFailAsync(new TaskFailParams(stale.TaskId!, "stale", stale.Attempt,
            transient ? "System.IO.IOException" : "System.ArgumentException", "late report", transient ? TimeSpan.Zero : null), default);

        Assert.Equal(TaskFailStatus.NotOwner, outcome.Status);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Processing, (await Client.GetJobAsync(jobId)).Status);
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task LeaseRenew_FromALapsedAttempt_NeitherExtendsTheNewLeaseNorOverwritesItsProgress()
    {
        var (jobId, _, stale) = await LapsedAsync(10, "w");
        var newer = await ClaimAgainAsync("w", stale);
        var fresh = newer.Single(i => i.TaskId == stale.TaskId);
        await Store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(fresh.TaskId!, fresh.Attempt, 50, "fresh")], LongLease), default);
        var late = LateReporter();
        var before = await TaskAsync(jobId, stale.TaskId!);

        var renewed = await late.Store.LeaseRenewAsync(
            new LeaseRenewParams("w", [new TaskHeartbeat(stale.TaskId!, stale.Attempt, 99, "stale")], TimeSpan.FromHours(2)), default);

        Assert.Empty(renewed);
        var after = await TaskAsync(jobId, stale.TaskId!);
        Assert.Equal(State(before), State(after));
        Assert.Equal((50.0, "fresh"), (after.ProgressPercent, after.ProgressMessage));
    }

    [Fact]
    public async Task TaskRelease_FromALapsedAttempt_DoesNotRequeueTheNewAttempt()
    {
        var (jobId, _, stale) = await LapsedAsync(11, "w");
        var newer = await ClaimAgainAsync("w", stale);
        var late = LateReporter();
        var before = await TaskAsync(jobId, stale.TaskId!);

        var released = await late.Steps.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(stale.TaskId!, stale.Attempt)]), default);

        Assert.Equal(0, released);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task TaskCancel_FromALapsedAttempt_IsNotOwnerAndLeavesTheNewAttemptRunning()
    {
        var (jobId, _, stale) = await LapsedAsync(12, "w");
        var newer = await ClaimAgainAsync("other", stale);
        var late = LateReporter();
        var before = await TaskAsync(jobId, stale.TaskId!);

        var status = await late.Steps.TaskCancelAsync(new TaskCancelParams(stale.TaskId!, "w", stale.Attempt), default);

        Assert.Equal(TaskCancelStatus.NotOwner, status);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task TaskCancel_AfterTheJobWasRetried_HandsTheTaskBackAndTheJobCompletes()
    {
        var (jobId, tasks) = await PlannedAsync(13);
        var running = await Store.WorkClaimAsync(new WorkClaimParams("w", 100, LongLease), default);
        var first = running.Single(i => i.TaskId == tasks[0].TaskId);
        // The worker saw the job cancelled and stops its handler; before it reports, the job is retried.
        await Client.CancelJobAsync(jobId);
        await Client.RetryJobAsync(jobId);

        var status = await Steps.TaskCancelAsync(new TaskCancelParams(first.TaskId!, "w", first.Attempt), default);

        Assert.Equal(TaskCancelStatus.Requeued, status);
        var task = await TaskAsync(jobId, first.TaskId!);
        Assert.Equal((TaskRecordStatus.Queued, 0), (task.Status, task.Attempts));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, running.Where(i => i.TaskId != first.TaskId).ToList())).Status);
    }

    [Fact]
    public async Task TaskCancel_ByTheAttemptHoldingTheTaskOfAnEndedJob_CancelsIt()
    {
        var (jobId, tasks) = await PlannedAsync(14);
        var first = (await Store.WorkClaimAsync(new WorkClaimParams("w", 100, LongLease), default)).Single(i => i.TaskId == tasks[0].TaskId);
        await Client.CancelJobAsync(jobId);

        var status = await Steps.TaskCancelAsync(new TaskCancelParams(first.TaskId!, "w", first.Attempt), default);

        Assert.Equal(TaskCancelStatus.Cancelled, status);
        Assert.Equal(TaskRecordStatus.Cancelled, (await TaskAsync(jobId, first.TaskId!)).Status);
    }

    [Fact]
    public async Task TaskComplete_FromALapsedAttempt_CountsOnceAndTheNewAttemptsCompletionIsAlreadyCompleted()
    {
        var (jobId, _, stale) = await LapsedAsync(15, "stale");
        var newer = await ClaimAgainAsync("other", stale);
        var fresh = newer.Single(i => i.TaskId == stale.TaskId);

        // First completion wins: the lapsed attempt ran the handler to its end.
        var late = await Steps.TaskCompleteAsync(new TaskCompleteParams(stale.TaskId!, new JsonObject { ["by"] = "stale" }), default);
        var heartbeat = await Store.LeaseRenewAsync(
            new LeaseRenewParams("other", [new TaskHeartbeat(fresh.TaskId!, fresh.Attempt, null, null)], LongLease), default);
        var second = await Steps.TaskCompleteAsync(new TaskCompleteParams(fresh.TaskId!, new JsonObject { ["by"] = "other" }), default);

        Assert.Equal(TaskCompleteStatus.Completed, late.Status);
        Assert.Empty(heartbeat);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, second.Status);
        Assert.Equal("stale", (await TaskAsync(jobId, stale.TaskId!)).Result!["by"]!.GetValue<string>());
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer.Where(i => i.TaskId != stale.TaskId).ToList())).Status);
    }

    [Fact]
    public async Task WorkLeaseRenew_FromALapsedPlanClaim_DoesNotExtendTheNewClaimsLease()
    {
        var jobId = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 16 })).Job.JobId;
        var stale = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("p", 10, TimeSpan.FromMilliseconds(100)), default));
        WorkItem? newer = null;
        await Eventually.TrueAsync(async () =>
            (newer = (await Store.WorkClaimAsync(new WorkClaimParams("p", 10, TimeSpan.FromMilliseconds(300)), default)).SingleOrDefault()) is not null);
        Assert.Equal((jobId, stale.Attempt + 1), (newer!.JobId, newer.Attempt));

        await Store.LeaseRenewAsync(new LeaseRenewParams("p", [], TimeSpan.FromHours(1), [stale]), default);

        // The newer claim's own short lease still rules: once it lapses, another planner takes the item.
        WorkItem? taken = null;
        await Eventually.TrueAsync(async () =>
            (taken = (await Store.WorkClaimAsync(new WorkClaimParams("q", 10, LongLease), default)).SingleOrDefault()) is not null);
        Assert.Equal((jobId, WorkKind.PlanStage, newer.Attempt + 1), (taken!.JobId, taken.Kind, taken.Attempt));
    }
}
