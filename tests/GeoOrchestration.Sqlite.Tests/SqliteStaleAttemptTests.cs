using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A worker may report only on the attempt it still holds (the SQLite side of the PostgreSQL
/// StaleAttemptTests). Its lease lapses, the janitor requeues the task, another worker (or the same
/// one) may claim it again; the first worker's late failure, retry, release, cancel and heartbeat
/// must leave the newer attempt and the job alone. Leases lapse on the store's manual clock.
/// </summary>
public sealed class SqliteStaleAttemptTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);
    private readonly StoreFolder _folder = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IGeoStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>
    /// Plans a job of <paramref name="size"/> tasks, claims them as <paramref name="worker"/> with a
    /// lease that lapses, and lets the janitor requeue them; returns the lapsed attempt of task 0.
    /// </summary>
    private async Task<(string JobId, WorkItem Stale)> LapsedAsync(int size, string worker)
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, size);
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams(worker, 100, ShortLease), default);
        var stale = Assert.Single(claimed, i => i.TaskId == tasks[0].TaskId);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(size, (await _store.JanitorRunAsync(default))!.LeasesRescued);
        Assert.Equal(TaskRecordStatus.Queued, (await TaskAsync(jobId, stale.TaskId!)).Status);
        return (jobId, stale);
    }

    /// <summary>Claims the lapsed task again, as <paramref name="worker"/>: its newer attempt.</summary>
    private async Task<IReadOnlyList<WorkItem>> ClaimAgainAsync(string worker, WorkItem stale)
    {
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams(worker, 100, LongLease), default);
        Assert.Equal(stale.Attempt + 1, Assert.Single(claimed, i => i.TaskId == stale.TaskId).Attempt);
        return claimed;
    }

    private async Task<TaskRecord> TaskAsync(string jobId, string taskId) =>
        (await _store.TaskListAsync(new TaskListParams(jobId), default)).Single(t => t.TaskId == taskId);

    /// <summary>What an attempt's report must not change.</summary>
    private static object State(TaskRecord t) =>
        (t.Status, t.Attempts, t.LeaseOwner, t.LeaseExpires, t.VisibleAt, t.ErrorType, t.ErrorMessage, t.ProgressPercent, t.ProgressMessage);

    /// <summary>The newer attempts complete their tasks and the store is driven on: the job reaches its end.</summary>
    private async Task<JobRecord> GoesOnAsync(string jobId, IReadOnlyList<WorkItem> newer)
    {
        foreach (var item in newer)
            Assert.Equal(TaskCompleteStatus.Completed,
                (await _store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["index"] = 0 }), default)).Status);
        return await StoreDriver.RunToEndAsync(_store, jobId);
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
        var (jobId, stale) = await LapsedAsync(3, "stale");
        var newer = reclaimer is null ? [] : await ClaimAgainAsync(reclaimer, stale);
        var before = await TaskAsync(jobId, stale.TaskId!);

        var outcome = await _store.TaskFailAsync(new TaskFailParams(stale.TaskId!, "stale", stale.Attempt,
            transient ? "System.IO.IOException" : "System.ArgumentException", "late report", transient ? TimeSpan.Zero : null), default);

        Assert.Equal(TaskFailStatus.NotOwner, outcome.Status);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Processing, (await _store.JobGetAsync(jobId, default))!.Status);
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task TaskFail_OfATaskThatEnded_IsNotRunning()
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 1);
        var claimed = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default));
        await _store.TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, null), default);

        var outcome = await _store.TaskFailAsync(new TaskFailParams(claimed.TaskId!, "w", claimed.Attempt, "System.IO.IOException", "late", null), default);

        Assert.Equal(TaskFailStatus.NotRunning, outcome.Status);
        Assert.Equal(JobStatus.Processing, (await _store.JobGetAsync(jobId, default))!.Status);
    }

    [Fact]
    public async Task LeaseRenew_FromALapsedAttempt_NeitherExtendsTheNewLeaseNorOverwritesItsProgress()
    {
        var (jobId, stale) = await LapsedAsync(2, "w");
        var newer = await ClaimAgainAsync("w", stale);
        var fresh = newer.Single(i => i.TaskId == stale.TaskId);
        await _store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(fresh.TaskId!, fresh.Attempt, 50, "fresh")], LongLease), default);
        var before = await TaskAsync(jobId, stale.TaskId!);

        var renewed = await _store.LeaseRenewAsync(
            new LeaseRenewParams("w", [new TaskHeartbeat(stale.TaskId!, stale.Attempt, 99, "stale")], TimeSpan.FromHours(2)), default);

        Assert.Empty(renewed);
        var after = await TaskAsync(jobId, stale.TaskId!);
        Assert.Equal(State(before), State(after));
        Assert.Equal((50.0, "fresh"), (after.ProgressPercent, after.ProgressMessage));
    }

    [Fact]
    public async Task TaskRelease_FromALapsedAttempt_DoesNotRequeueTheNewAttempt()
    {
        var (jobId, stale) = await LapsedAsync(2, "w");
        var newer = await ClaimAgainAsync("w", stale);
        var before = await TaskAsync(jobId, stale.TaskId!);

        var released = await _store.TaskReleaseAsync(new TaskReleaseParams("w", [new TaskAttempt(stale.TaskId!, stale.Attempt)]), default);

        Assert.Equal(0, released);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task TaskCancel_FromALapsedAttempt_IsNotOwnerAndLeavesTheNewAttemptRunning()
    {
        var (jobId, stale) = await LapsedAsync(2, "w");
        var newer = await ClaimAgainAsync("other", stale);
        var before = await TaskAsync(jobId, stale.TaskId!);

        var status = await _store.TaskCancelAsync(new TaskCancelParams(stale.TaskId!, "w", stale.Attempt), default);

        Assert.Equal(TaskCancelStatus.NotOwner, status);
        Assert.Equal(State(before), State(await TaskAsync(jobId, stale.TaskId!)));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer)).Status);
    }

    [Fact]
    public async Task TaskCancel_AfterTheJobWasRetried_HandsTheTaskBackAndTheJobCompletes()
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 3);
        var running = await _store.WorkClaimAsync(new WorkClaimParams("w", 100, LongLease), default);
        var first = running.Single(i => i.TaskId == tasks[0].TaskId);
        // The worker saw the job cancelled and stops its handler; before it reports, the job is retried.
        await _store.JobCancelAsync(jobId, "stop", default);
        await _store.JobRetryAsync(jobId, default);

        var status = await _store.TaskCancelAsync(new TaskCancelParams(first.TaskId!, "w", first.Attempt), default);

        Assert.Equal(TaskCancelStatus.Requeued, status);
        var task = await TaskAsync(jobId, first.TaskId!);
        Assert.Equal((TaskRecordStatus.Queued, 0), (task.Status, task.Attempts));
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, running.Where(i => i.TaskId != first.TaskId).ToList())).Status);
    }

    [Fact]
    public async Task TaskCancel_ByTheAttemptHoldingTheTaskOfAnEndedJob_CancelsIt()
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 2);
        var first = (await _store.WorkClaimAsync(new WorkClaimParams("w", 100, LongLease), default)).Single(i => i.TaskId == tasks[0].TaskId);
        await _store.JobCancelAsync(jobId, "stop", default);

        var status = await _store.TaskCancelAsync(new TaskCancelParams(first.TaskId!, "w", first.Attempt), default);

        Assert.Equal(TaskCancelStatus.Cancelled, status);
        Assert.Equal(TaskRecordStatus.Cancelled, (await TaskAsync(jobId, first.TaskId!)).Status);
    }

    [Fact]
    public async Task TaskComplete_FromALapsedAttempt_CountsOnceAndTheNewAttemptsCompletionIsAlreadyCompleted()
    {
        var (jobId, stale) = await LapsedAsync(3, "stale");
        var newer = await ClaimAgainAsync("other", stale);
        var fresh = newer.Single(i => i.TaskId == stale.TaskId);

        // First completion wins: the lapsed attempt ran the handler to its end.
        var late = await _store.TaskCompleteAsync(new TaskCompleteParams(stale.TaskId!, new JsonObject { ["by"] = "stale" }), default);
        var heartbeat = await _store.LeaseRenewAsync(
            new LeaseRenewParams("other", [new TaskHeartbeat(fresh.TaskId!, fresh.Attempt, null, null)], LongLease), default);
        var second = await _store.TaskCompleteAsync(new TaskCompleteParams(fresh.TaskId!, new JsonObject { ["by"] = "other" }), default);

        Assert.Equal(TaskCompleteStatus.Completed, late.Status);
        Assert.Empty(heartbeat);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, second.Status);
        Assert.Equal("stale", (await TaskAsync(jobId, stale.TaskId!)).Result!["by"]!.GetValue<string>());
        Assert.Equal(JobStatus.Completed, (await GoesOnAsync(jobId, newer.Where(i => i.TaskId != stale.TaskId).ToList())).Status);
    }

    [Fact]
    public async Task WorkLeaseRenew_FromALapsedPlanClaim_DoesNotExtendTheNewClaimsLease()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job;
        var stale = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("p", 10, ShortLease), default));
        _time.Advance(TimeSpan.FromSeconds(1));
        var newer = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("p", 10, TimeSpan.FromSeconds(3)), default));
        Assert.Equal((job.JobId, stale.Attempt + 1), (newer.JobId, newer.Attempt));

        await _store.LeaseRenewAsync(new LeaseRenewParams("p", [], TimeSpan.FromHours(1), [stale]), default);

        // The newer claim's own short lease still rules: once it lapses, another planner takes the item.
        _time.Advance(TimeSpan.FromSeconds(4));
        var taken = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("q", 10, LongLease), default));
        Assert.Equal((job.JobId, WorkKind.PlanStage, newer.Attempt + 1), (taken.JobId, taken.Kind, taken.Attempt));
    }

    [Fact]
    public async Task WorkLeaseRenew_OfTheClaimItHolds_ExtendsItsLease()
    {
        await _store.JobSubmitAsync(StoreFolder.Job(), default);
        var held = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("p", 10, TimeSpan.FromSeconds(3)), default));

        await _store.LeaseRenewAsync(new LeaseRenewParams("p", [], TimeSpan.FromHours(1), [held]), default);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await _store.WorkClaimAsync(new WorkClaimParams("q", 10, LongLease), default));
    }
}
