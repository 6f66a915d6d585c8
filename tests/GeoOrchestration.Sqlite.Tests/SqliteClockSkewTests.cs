using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A worker whose clock is far off the store's (the SQLite side of the PostgreSQL ClockSkewTests):
/// when work falls due is the store's clock alone, so the skew changes nothing. The skewed clock goes
/// to the worker only; the store keeps the system clock.
/// </summary>
public sealed class SqliteClockSkewTests : IAsyncLifetime
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(3);
    private readonly StoreFolder _folder = new();
    private GeoClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = new GeoClient(_folder.Store(), JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        await _client.DeploySchemaAsync();
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>The store's clock (the system clock), cut to the milliseconds the schema keeps.</summary>
    private static DateTimeOffset StoreNow() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public async Task TransientFailure_WorkerClockHoursOff_RetryFallsDueAfterTheBackoffByTheStoreClock(double offsetHours)
    {
        var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 1000, ["transient_failure_rate"] = 1 });
        var jobId = submission.Job.JobId;
        // Full jitter draws a fraction of twice the backoff; the fixed draw of one half makes it exact.
        var worker = new Worker(_client.Registry, _client.Store, new WorkerOptions
        {
            Concurrency = 1,
            // Only a wake-up at the retry's due time can finish the job within the test's wait.
            PollInterval = TimeSpan.FromMinutes(10),
            RetryBaseDelay = 2 * Backoff,
            RetryMaxDelay = 2 * Backoff,
        }, new SkewedClock(TimeSpan.FromHours(offsetHours)), random: new FixedRandom(0.5));
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        try
        {
            // The first attempt holds a second before it fails: the failure comes after this reading.
            await Eventually.TrueAsync(async () => await PlannedTaskAsync(jobId) is { Status: TaskRecordStatus.Processing, Attempts: 1 });
            var beforeFailure = StoreNow();
            await Eventually.TrueAsync(async () => await PlannedTaskAsync(jobId) is { ErrorType: not null });
            var afterFailure = StoreNow().AddMilliseconds(1);
            var retry = Assert.Single(await _client.ListTasksAsync(jobId));

            Assert.InRange(retry.VisibleAt, beforeFailure + Backoff, afterFailure + Backoff);
            var job = await _client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal(2, Assert.Single(await _client.ListTasksAsync(jobId)).Attempts);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task TaskFail_RetryDelay_IsAddedToTheStoreClock()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var store = _folder.Store(time);
        var (jobId, _) = await StoreDriver.PlannedAsync(store, 1);
        var task = Assert.Single(await store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default));
        time.Advance(TimeSpan.FromSeconds(7));

        var outcome = await store.TaskFailAsync(new TaskFailParams(task.TaskId!, "w", task.Attempt, "System.IO.IOException", "flaky", TimeSpan.FromSeconds(3)), default);

        Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
        Assert.Equal(time.Now + TimeSpan.FromSeconds(3), Assert.Single(await store.TaskListAsync(new TaskListParams(jobId), default)).NextAttemptAt);
    }

    private async Task<TaskRecord?> PlannedTaskAsync(string jobId) => (await _client.ListTasksAsync(jobId)).SingleOrDefault();
}
