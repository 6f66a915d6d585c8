using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>An idle worker wakes when a retry falls due, whoever scheduled it, not at its fallback poll.</summary>
public sealed class RetryWakeTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task AnotherWorkersRetry_FallsDue_AnIdleWorkerClaimsItWithoutWaitingForItsPoll()
    {
        var (jobId, taskId) = await AnotherWorker.ClaimsOneTaskAsync(fixture);
        var worker = fixture.Client.CreateWorker(new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMinutes(10) });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        try
        {
            // Sleeping now: it found nothing claimable, and nothing is scheduled.
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            var outcome = await fixture.Store.TaskFailAsync(new TaskFailParams(taskId, AnotherWorker.WorkerId, 1, "System.IO.IOException", "flaky", TimeSpan.FromMilliseconds(500)), default);
            // Well inside the ten-minute poll: only a wake-up at the due time gets the job done in time.
            var job = await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));

            Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
            Assert.Equal(JobStatus.Completed, job.Status);
            var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId, stage: 1));
            Assert.Equal((2, 2), (task.Attempts, task.Result!["attempt"]!.GetValue<int>()));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
