using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A worker with an idle limit exits only when there is nothing left to do (the SQLite side of the
/// PostgreSQL IdleExitTests): no handler running, no result waiting for its commit (whose commit
/// creates the job's next step), and nothing claimable, not even a retry due within the limit.
/// </summary>
public sealed class SqliteIdleExitTests : IAsyncLifetime
{
    /// <summary>Bounds a test that would otherwise hang; no test here takes nearly that long.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();
    private GeoClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = new GeoClient(_folder.Store(), Registry);
        await _client.DeploySchemaAsync();
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private Worker CreateWorker(TimeSpan exitWhenIdle, TimeProvider? time = null, TimeSpan? retryBackoff = null) =>
        new(Registry, _client.Store, new WorkerOptions
        {
            Concurrency = 2,
            ExitWhenIdle = exitWhenIdle,
            // The fallback poll never comes within a test: the worker must be woken when work appears.
            PollInterval = TimeSpan.FromMinutes(10),
            RetryBaseDelay = 2 * (retryBackoff ?? TimeSpan.FromMilliseconds(100)),
            RetryMaxDelay = 2 * (retryBackoff ?? TimeSpan.FromMilliseconds(100)),
        }, time, random: new FixedRandom(0.5));

    private Task<SubmitResult> SubmitNoopAsync(int stages, int delayMs, double transientFailureRate = 0) =>
        _client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 1, ["stages"] = stages, ["delay_ms"] = delayMs, ["transient_failure_rate"] = transientFailureRate,
        });

    [Theory]
    [InlineData(1, 4000)]
    [InlineData(2, 2000)]
    public async Task ExitWhenIdle_TaskOutlastingTheLimit_ExitsOnlyAfterTheJobCompleted(int stages, int delayMs)
    {
        var submission = await SubmitNoopAsync(stages, delayMs);
        var worker = CreateWorker(exitWhenIdle: TimeSpan.FromSeconds(1));

        await worker.RunAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await _client.GetJobAsync(submission.Job.JobId)).Status);
        // Every plan, every task and the finalize: the steps the last result's commit created were taken too.
        Assert.Equal(2 * stages + 1, worker.Executed);
    }

    [Fact]
    public async Task ExitWhenIdle_OwnRetryDueWithinTheLimit_WaitsForItAndCompletesTheJob()
    {
        var submission = await SubmitNoopAsync(stages: 1, delayMs: 0, transientFailureRate: 1);
        var worker = CreateWorker(exitWhenIdle: TimeSpan.FromSeconds(1), retryBackoff: TimeSpan.FromMilliseconds(800));

        await worker.RunAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await _client.GetJobAsync(submission.Job.JobId)).Status);
        Assert.Equal(2, Assert.Single(await _client.ListTasksAsync(submission.Job.JobId)).Attempts);
    }

    [Fact]
    public async Task ExitWhenIdle_AnotherWorkersRetryDueWithinTheLimit_RestartsTheIdleClockAndTheRetryRuns()
    {
        var (jobId, taskId) = await AnotherWorker.ClaimsOneTaskAsync(_client);
        var worker = CreateWorker(exitWhenIdle: TimeSpan.FromSeconds(4));
        var running = worker.RunAsync(CancellationToken.None);
        // Most of the idle limit passes before the other worker's task fails, due 3 s later:
        // counting from its first idle moment, the worker would be gone before the retry is due.
        // (Wider margins than PostgreSQL's test: the worker must take the wake-up within 1.5 s on
        // a machine that may be busy with other builds.)
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(running.IsCompleted, "the worker exited before the test could fail the other worker's task");

        await _client.Store.TaskFailAsync(new TaskFailParams(taskId, AnotherWorker.WorkerId, 1, "System.IO.IOException", "flaky", TimeSpan.FromSeconds(3)), default);
        await running.WaitAsync(Hang);

        Assert.Equal(JobStatus.Completed, (await _client.GetJobAsync(jobId)).Status);
    }

    [Fact]
    public async Task ExitWhenIdle_IsMeasuredOnTheInjectedClock_NotByRealSleeps()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var worker = CreateWorker(exitWhenIdle: TimeSpan.FromHours(1), time);
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
