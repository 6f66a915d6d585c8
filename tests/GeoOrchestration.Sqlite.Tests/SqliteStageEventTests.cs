using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// One stage_completed per stage whatever happens, none while the job has ended (the SQLite side of
/// the PostgreSQL StageEventTests): tasks that were running when their job timed out or was
/// cancelled still complete, and the retry advances. Time moves on the store's manual clock.
/// </summary>
public sealed class SqliteStageEventTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IGeoStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>Plans the job's stage 1 and claims its tasks under a long lease, as a worker running them would.</summary>
    private async Task<(string JobId, List<PlannedTask> Tasks)> RunningAsync(int size, TimeSpan? jobTimeout = null)
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, size, jobTimeout: jobTimeout);
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("runner", 100, TimeSpan.FromMinutes(5)), default);
        Assert.Equal(size, claimed.Count(i => i.JobId == jobId));
        return (jobId, tasks);
    }

    private async Task CompleteAllAsync(List<PlannedTask> tasks)
    {
        var outcomes = await _store.TaskCompleteBatchAsync(tasks.Select(t => new TaskCompleteParams(t.TaskId, new JsonObject())).ToList(), default);
        // The work was done: the results are stored and counted, whatever became of the job.
        Assert.All(outcomes, o => Assert.Equal(TaskCompleteStatus.Completed, o.Status));
    }

    private Task<int> StageCompletedEventsAsync(string jobId, int stage = 1) =>
        StoreDriver.EventsAsync(_store, jobId, JobEventKind.StageCompleted, stage);

    private async Task<JobRecord> TimedOutAsync(string jobId)
    {
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await _store.JanitorRunAsync(default))!.JobsTimedOut);
        var job = (await _store.JobGetAsync(jobId, default))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        return job;
    }

    [Fact]
    public async Task JobTimeout_WhileItsTasksRun_TheirCompletionsCountAndTheRetryAdvancesTheStageOnce()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var (jobId, tasks) = await RunningAsync(2, timeout);

        var failed = await TimedOutAsync(jobId);
        await CompleteAllAsync(tasks);

        Assert.Equal("The job exceeded its timeout of 1 s.", failed.Error);
        Assert.Equal(0, await StageCompletedEventsAsync(jobId));
        var counted = Assert.Single(await _store.StageListAsync(new StageListParams(jobId), default));
        Assert.Equal((0, null), (counted.Remaining, counted.AdvancedAt));

        var retried = (await _store.JobRetryAsync(jobId, default)).Job!;

        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        // The timeout as configured runs again from the retry.
        Assert.Equal(timeout, retried.JobTimeout);
        Assert.Equal(timeout, retried.Deadline - retried.Updated);

        var again = await TimedOutAsync(jobId);

        Assert.Equal("The job exceeded its timeout of 1 s.", again.Error);

        await _store.JobRetryAsync(jobId, default);

        // The second retry gives the stage back its next step, without another stage_completed.
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        var next = await _store.WorkClaimAsync(new WorkClaimParams("planner", 10, TimeSpan.FromMinutes(1)), default);
        Assert.Contains(next, i => i is { Kind: WorkKind.PlanStage, Stage: 2 } && i.JobId == jobId);
    }

    [Fact]
    public async Task JobCancelled_WhileItsTasksRun_NoStageEventUntilTheRetryAdvancesTheStageOnce()
    {
        var (jobId, tasks) = await RunningAsync(3);

        await _store.JobCancelAsync(jobId, "stop", default);
        await CompleteAllAsync(tasks);

        Assert.Equal(0, await StageCompletedEventsAsync(jobId));
        Assert.Empty(await _store.WorkClaimAsync(new WorkClaimParams("planner", 10, TimeSpan.FromMinutes(1)), default));

        var retried = await _store.JobRetryAsync(jobId, default);

        Assert.Equal(0, retried.TasksAffected);
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        var job = await StoreDriver.RunToEndAsync(_store, jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        Assert.Equal(1, await StageCompletedEventsAsync(jobId, stage: 2));
    }

    [Fact]
    public async Task LastCompletionRacingACancel_TheStageCompletedEventNeverFollowsTheCancel()
    {
        // One writer at a time: the completion that closes the stage and the cancel are ordered
        // whole, so the stage either advanced before the job ended (its event first) or not at all.
        for (var i = 0; i < 20; i++)
        {
            var (jobId, tasks) = await RunningAsync(1);
            var other = _folder.Store(_time);
            await Task.WhenAll(
                Task.Run(() => _store.TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, null), default)),
                Task.Run(() => other.JobCancelAsync(jobId, "race", default)));

            var kinds = (await _store.JobEventListAsync(new JobEventListParams(jobId), default))
                .Where(e => e.Kind is JobEventKind.StageCompleted or JobEventKind.Cancelled).Select(e => e.Kind).ToList();
            Assert.True(kinds.SequenceEqual([JobEventKind.Cancelled]) || kinds.SequenceEqual([JobEventKind.StageCompleted, JobEventKind.Cancelled]),
                string.Join(", ", kinds));
        }
    }
}
