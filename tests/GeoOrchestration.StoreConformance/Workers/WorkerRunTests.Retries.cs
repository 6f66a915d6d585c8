using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A transient failure is retried with backoff until the task's attempts run out; the backoff is a
/// duration the store adds to its own clock, so a worker whose clock is off changes nothing, and an
/// idle worker wakes when a retry falls due, whoever scheduled it.
/// </summary>
public abstract partial class WorkerRunTests
{
    private Task<SubmitResult> SubmitBehaviourAsync(string behaviour, int tasks = 1, int succeedOn = 2) =>
        Client.SubmitAsync("test_behaviour", new JsonObject
        {
            ["behaviour"] = behaviour, ["tasks"] = tasks, ["succeed_on"] = succeedOn, ["run"] = Guid.NewGuid().ToString("N"),
        });

    [Fact]
    public async Task TransientFailure_IsRetriedUntilItSucceeds_AndTheLastErrorIsKept()
    {
        var submission = await SubmitBehaviourAsync("transient_until", tasks: 3, succeedOn: 3);

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.All(await TasksAsync(job.JobId), t =>
        {
            Assert.Equal(3, t.Attempts);
            Assert.Equal(3, t.Result!["attempt"]!.GetValue<int>());
            Assert.Equal(typeof(IOException).FullName, t.ErrorType);
            Assert.Contains("attempt 2", t.ErrorMessage);
        });
    }

    [Fact]
    public async Task TransientFailure_ExhaustingItsAttempts_FailsTheJobNamingTheTask()
    {
        var submission = await SubmitBehaviourAsync("transient_always");

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await TasksAsync(job.JobId));
        Assert.Equal((TaskRecordStatus.Failed, 3), (task.Status, task.Attempts));
        Assert.Contains(task.TaskId, job.Error);
        Assert.Contains("attempt 3 failed transiently", job.Error);
    }

    [Fact]
    public async Task PermanentFailure_FailsAtOnce_AndRetryRunsItAgainWithFreshAttempts()
    {
        var submission = await SubmitBehaviourAsync("permanent_once", tasks: 2);
        // One at a time: the first task's failure stops the job before the second starts.
        var failed = await RunUntilTerminalAsync(submission.Job.JobId, concurrency: 1);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Single(await TasksAsync(failed.JobId), t => t.Status == TaskRecordStatus.Cancelled);
        Assert.Contains("ArgumentException", failed.Error);
        var failedTask = Assert.Single(await TasksAsync(failed.JobId), t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(1, failedTask.Attempts);

        var retry = await Client.RetryJobAsync(failed.JobId);
        Assert.Equal(JobStatus.Processing, retry.Job!.Status);
        Assert.Equal(2, retry.TasksAffected);
        var job = await RunUntilTerminalAsync(failed.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Null(job.Error);
        var tasks = await TasksAsync(job.JobId, stage: 1);
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal(1, tasks.Single(t => t.TaskId == failedTask.TaskId).Attempts);
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Retried));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task TaskFail_WithRetryDelay_SchedulesTheNextAttemptByTheStoreClockAndHidesTheTaskUntilThen()
    {
        var (jobId, tasks) = await PlannedAsync(1);
        var clock = PinnedAhead();
        var store = OpenStore(clock);
        var failedAt = clock.GetUtcNow();
        var claimed = Assert.Single(await store.WorkClaimAsync(new WorkClaimParams("w1", 100, LongLease), default));

        var outcome = await new EngineSteps(store).TaskFailAsync(new TaskFailParams(claimed.TaskId!, "w1", claimed.Attempt, "System.IO.IOException", "disk hiccup", TimeSpan.FromHours(1)), default);
        var waiting = await TaskAsync(jobId, tasks[0].TaskId);
        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        var early = await store.WorkClaimAsync(new WorkClaimParams("w2", 100, LongLease), default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = await store.WorkClaimAsync(new WorkClaimParams("w2", 100, LongLease), default);

        Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
        Assert.Equal((TaskRecordStatus.Queued, 1, "disk hiccup", null), (waiting.Status, waiting.Attempts, waiting.ErrorMessage, waiting.LeaseOwner));
        Assert.Equal(failedAt + TimeSpan.FromHours(1), waiting.NextAttemptAt);
        Assert.Empty(early);
        Assert.Equal(TimeSpan.FromSeconds(1), early.NextDue);
        Assert.Equal((tasks[0].TaskId, 2), (Assert.Single(due).TaskId, due[0].Attempt));
        Assert.Null(due.NextDue);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public async Task TransientFailure_WorkerClockHoursOff_RetryFallsDueAfterTheBackoffByTheStoreClock(double offsetHours)
    {
        var backoff = TimeSpan.FromSeconds(3);
        var submission = await Client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 1, ["delay_ms"] = 1000, ["transient_failure_rate"] = 1, ["label"] = Guid.NewGuid().ToString("N"),
        });
        var jobId = submission.Job.JobId;
        // The skewed clock goes to the worker only. Full jitter draws a fraction of twice the
        // backoff; the fixed draw of one half makes it exact. Only a wake-up at the retry's due time
        // can finish the job within the test's wait.
        await using var worker = StartWorker(new WorkerOptions
        {
            Concurrency = 1, PollInterval = IdlePoll, RetryBaseDelay = 2 * backoff, RetryMaxDelay = 2 * backoff,
        }, new SkewedClock(TimeSpan.FromHours(offsetHours)), new FixedRandom(0.5));

        await Eventually.TrueAsync(async () => (await TasksAsync(jobId)).SingleOrDefault() is { ErrorType: not null });
        var retry = Assert.Single(await TasksAsync(jobId));
        var job = await Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));

        // The first attempt was claimed at Started and held a second before it failed; the retry is
        // due the backoff after the failure, on the store's clock. A worker clock an hour off would
        // have put it an hour away.
        Assert.InRange(retry.VisibleAt, retry.Started!.Value + backoff, retry.Started.Value + backoff + TimeSpan.FromMinutes(10));
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(2, Assert.Single(await TasksAsync(jobId)).Attempts);
    }

    [Fact]
    public async Task AnotherWorkersRetry_FallsDue_AnIdleWorkerClaimsItWithoutWaitingForItsPoll()
    {
        var (jobId, taskId) = await ClaimedByAnotherWorkerAsync();
        var (watched, idle) = ClaimWatch.Over(Store);
        await using var worker = StartWorker(new WorkerOptions { Concurrency = 2, PollInterval = IdlePoll }, store: watched);
        // Sleeping once its claim found nothing claimable, and nothing is scheduled.
        await idle.WaitAsync(TimeSpan.FromSeconds(60));

        var outcome = await new EngineSteps(OpenStore()).TaskFailAsync(new TaskFailParams(taskId, "another-worker", 1, "System.IO.IOException", "flaky", TimeSpan.FromMilliseconds(500)), default);
        // Well inside the ten-minute poll: only a wake-up at the due time gets the job done in time.
        var job = await Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));

        Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
        Assert.Equal(JobStatus.Completed, job.Status);
        var task = Assert.Single(await TasksAsync(jobId, stage: 1));
        Assert.Equal((2, 2), (task.Attempts, task.Result!["attempt"]!.GetValue<int>()));
    }
}
