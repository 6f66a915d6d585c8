using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A worker with an idle limit exits only when there is nothing left to do: no handler running,
/// no result waiting for its commit (whose commit creates the job's next step), and nothing
/// claimable, not even a retry that falls due within the limit (the claim's NextDue, by the store's clock).
/// </summary>
public abstract partial class WorkerIdleTests
{
    /// <summary>Bounds a test that would otherwise hang; no test here takes nearly that long.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private Worker CreateIdleWorker(TimeSpan exitWhenIdle, TimeProvider? time = null, TimeSpan? retryBackoff = null) =>
        CreateWorker(new WorkerOptions
        {
            Concurrency = 2,
            ExitWhenIdle = exitWhenIdle,
            // The fallback poll never comes within a test where the store wakes idle workers.
            PollInterval = IdlePoll,
            RetryBaseDelay = 2 * (retryBackoff ?? TimeSpan.FromMilliseconds(100)),
            RetryMaxDelay = 2 * (retryBackoff ?? TimeSpan.FromMilliseconds(100)),
        }, time, new FixedRandom(0.5));

    private Task<SubmitResult> SubmitNoopAsync(int stages, int delayMs, double transientFailureRate = 0) =>
        Client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 1, ["stages"] = stages, ["delay_ms"] = delayMs, ["transient_failure_rate"] = transientFailureRate,
            ["label"] = Guid.NewGuid().ToString("N"),
        });

    [Theory]
    [InlineData(1, 4000)]
    [InlineData(2, 2000)]
    public async Task ExitWhenIdle_TaskOutlastingTheLimit_ExitsOnlyAfterTheJobCompleted(int stages, int delayMs)
    {
        var submission = await SubmitNoopAsync(stages, delayMs);
        var worker = CreateIdleWorker(exitWhenIdle: TimeSpan.FromSeconds(1));

        await worker.RunAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await Client.GetJobAsync(submission.Job.JobId)).Status);
        // Every plan, every task and the finalize: the steps the last result's commit created were taken too.
        Assert.Equal(2 * stages + 1, worker.Executed);
    }

    [Fact]
    public async Task ExitWhenIdle_OwnRetryDueWithinTheLimit_WaitsForItAndCompletesTheJob()
    {
        var submission = await SubmitNoopAsync(stages: 1, delayMs: 0, transientFailureRate: 1);
        var worker = CreateIdleWorker(exitWhenIdle: TimeSpan.FromSeconds(1), retryBackoff: TimeSpan.FromMilliseconds(800));

        await worker.RunAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await Client.GetJobAsync(submission.Job.JobId)).Status);
        Assert.Equal(2, Assert.Single(await TasksAsync(submission.Job.JobId)).Attempts);
    }

    [Fact]
    public async Task ExitWhenIdle_AnotherWorkersRetryDueWithinTheLimit_RestartsTheIdleClockAndTheRetryRuns()
    {
        var (jobId, taskId) = await ClaimedByAnotherWorkerAsync();
        var worker = CreateIdleWorker(exitWhenIdle: TimeSpan.FromSeconds(4));
        var running = worker.RunAsync(CancellationToken.None);
        // Half the idle limit passes before the other worker's task fails, due 3 s later: counting
        // from its first idle moment, the worker would be gone a second before the retry is due.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(running.IsCompleted, "the worker exited before the test could fail the other worker's task");

        await new EngineSteps(OpenStore()).TaskFailAsync(new TaskFailParams(taskId, "another-worker", 1, "System.IO.IOException", "flaky", TimeSpan.FromSeconds(3)), default);
        await running.WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await Client.GetJobAsync(jobId)).Status);
    }

    [Fact]
    public async Task ExitWhenIdle_IsMeasuredOnTheInjectedClock_NotByRealSleeps()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var worker = CreateIdleWorker(exitWhenIdle: TimeSpan.FromHours(1), time);
        var running = worker.RunAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + Hang;

        // An hour of fake time, in steps; a worker waiting on the real clock would wait the real hour.
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(50);
        }

        Assert.True(running.IsCompleted, "the worker did not exit after an idle hour of its injected clock");
        await running;
    }
}
