using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>
/// Durations the options allow (up to a year) but no .NET timer can wait (about 49.7 days at most):
/// the worker must not hand them to a timer as they are.
/// </summary>
public sealed class LongDurationTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task TaskTimeout_LongerThanATimerCanWait_TheTaskRunsAndCompletes()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["run"] = Guid.NewGuid().ToString("N") },
            new SubmitOptions { TaskTimeout = TimeSpan.FromDays(100) });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, Assert.Single(await fixture.Client.ListTasksAsync(job.JobId)).Attempts);
    }

    [Fact]
    public async Task Shutdown_GraceLongerThanATimerCanWait_LetsTheRunningHandlerFinish()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 1000, ["run"] = Guid.NewGuid().ToString("N") });
        var worker = fixture.Client.CreateWorker(new WorkerOptions
        {
            ShutdownGrace = TimeSpan.FromDays(100), Lease = TimeSpan.FromDays(200), JanitorInterval = TimeSpan.FromDays(100),
            PollInterval = TimeSpan.FromDays(300),
        });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await Eventually.TrueAsync(async () =>
            (await fixture.Client.ListTasksAsync(submission.Job.JobId)).Any(t => t.Status == TaskRecordStatus.Processing));

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TaskRecordStatus.Completed, Assert.Single(await fixture.Client.ListTasksAsync(submission.Job.JobId)).Status);
        await fixture.Client.CancelJobAsync(submission.Job.JobId);
    }
}
