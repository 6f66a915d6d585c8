using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class ShutdownTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private async Task<(Worker Worker, Task Running, CancellationTokenSource Stop, string JobId)> StartAsync(int ms, int tasks, TimeSpan grace)
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = ms, ["tasks"] = tasks, ["run"] = Guid.NewGuid().ToString() });
        var stop = new CancellationTokenSource();
        var worker = fixture.Client.CreateWorker(new WorkerOptions { Concurrency = 2, ShutdownGrace = grace, PollInterval = TimeSpan.FromSeconds(1) });
        var running = worker.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Client.ListTasksAsync(submission.Job.JobId)).Count(t => t.Status == TaskRecordStatus.Processing) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker never started two tasks");
            await Task.Delay(20);
        }
        return (worker, running, stop, submission.Job.JobId);
    }

    [Fact]
    public async Task Shutdown_HandlersOutlastingTheGrace_AreStoppedAndTheirTasksHandedBackWithoutCountingTheAttempt()
    {
        var (_, running, stop, jobId) = await StartAsync(ms: 60_000, tasks: 3, grace: TimeSpan.FromMilliseconds(200));

        await stop.CancelAsync();
        await running;

        var tasks = await fixture.Client.ListTasksAsync(jobId);
        Assert.Equal(3, tasks.Count(t => t.Status == TaskRecordStatus.Queued));
        Assert.All(tasks, t => Assert.Equal((0, null), (t.Attempts, t.LeaseOwner)));
        await fixture.Client.CancelJobAsync(jobId);
        stop.Dispose();
    }

    [Fact]
    public async Task Shutdown_HandlersFinishingWithinTheGrace_CompleteAndNothingNewIsClaimed()
    {
        var (_, running, stop, jobId) = await StartAsync(ms: 600, tasks: 4, grace: TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        await running;

        var tasks = await fixture.Client.ListTasksAsync(jobId);
        Assert.Equal(2, tasks.Count(t => t.Status == TaskRecordStatus.Completed));
        Assert.Equal(2, tasks.Count(t => t.Status == TaskRecordStatus.Queued && t.Attempts == 0));
        await fixture.Client.CancelJobAsync(jobId);
        stop.Dispose();
    }

    [Fact]
    public async Task Worker_StoppedBeforeItStarted_ReturnsWithoutErrorAndClaimsNothing()
    {
        var submission = await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["delay_ms"] = 1 });
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var worker = fixture.CreateWorker(2);

        await worker.RunAsync(stop.Token);

        Assert.Equal(0, worker.Executed);
        Assert.Equal(JobStatus.Queued, (await fixture.Client.GetJobAsync(submission.Job.JobId)).Status);
        await fixture.Client.CancelJobAsync(submission.Job.JobId);
    }
}
