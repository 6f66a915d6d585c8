using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>
/// A worker whose clock is far off the database's: when work falls due is the database's clock
/// alone, so the skew changes nothing. The skewed clock goes to the worker only, not to the store.
/// </summary>
public sealed class ClockSkewTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public async Task TransientFailure_WorkerClockHoursOff_RetryFallsDueAfterTheBackoffByTheDatabaseClock(double offsetHours)
    {
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 1, ["delay_ms"] = 1000, ["transient_failure_rate"] = 1, ["label"] = Guid.NewGuid().ToString("N"),
        });
        var jobId = submission.Job.JobId;
        // Full jitter draws a fraction of twice the backoff; the fixed draw of one half makes it exact.
        var worker = new Worker(fixture.Registry, fixture.Store, new WorkerOptions
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
            var beforeFailure = await DatabaseClock.NowAsync(fixture);
            // The failure is recorded with the retry's time, which later claims leave as it is.
            await Eventually.TrueAsync(async () => await PlannedTaskAsync(jobId) is { ErrorType: not null });
            var afterFailure = await DatabaseClock.NowAsync(fixture);
            var retry = await TaskAsync(jobId);

            Assert.InRange(retry.VisibleAt, beforeFailure + Backoff, afterFailure + Backoff);
            var job = await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal(2, (await TaskAsync(jobId)).Attempts);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private async Task<TaskRecord> TaskAsync(string jobId) => Assert.Single(await fixture.Client.ListTasksAsync(jobId));

    private async Task<TaskRecord?> PlannedTaskAsync(string jobId) => (await fixture.Client.ListTasksAsync(jobId)).SingleOrDefault();
}
