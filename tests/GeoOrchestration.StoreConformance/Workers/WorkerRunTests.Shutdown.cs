using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A worker that stops lets its handlers finish within the grace, then hands back what is left
/// without counting the attempt, and claims nothing new.
/// </summary>
public abstract partial class WorkerRunTests
{
    private async Task<(RunningWorker Worker, string JobId)> TwoRunningAsync(int ms, int tasks, TimeSpan grace)
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = ms, ["tasks"] = tasks, ["run"] = Guid.NewGuid().ToString() });
        var worker = StartWorker(new WorkerOptions { Concurrency = 2, ShutdownGrace = grace, PollInterval = TimeSpan.FromSeconds(1) });
        await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).Count(t => t.Status == TaskRecordStatus.Processing) == 2);
        return (worker, submission.Job.JobId);
    }

    [Fact]
    public async Task Shutdown_HandlersOutlastingTheGrace_AreStoppedAndTheirTasksHandedBackWithoutCountingTheAttempt()
    {
        var (worker, jobId) = await TwoRunningAsync(ms: 60_000, tasks: 3, grace: TimeSpan.FromMilliseconds(200));

        await worker.DisposeAsync();

        var tasks = await TasksAsync(jobId);
        Assert.Equal(3, tasks.Count(t => t.Status == TaskRecordStatus.Queued));
        Assert.All(tasks, t => Assert.Equal((0, null), (t.Attempts, t.LeaseOwner)));
    }

    [Fact]
    public async Task Shutdown_HandlersFinishingWithinTheGrace_CompleteAndNothingNewIsClaimed()
    {
        var (worker, jobId) = await TwoRunningAsync(ms: 600, tasks: 4, grace: TimeSpan.FromSeconds(20));

        await worker.DisposeAsync();

        var tasks = await TasksAsync(jobId);
        Assert.Equal(2, tasks.Count(t => t.Status == TaskRecordStatus.Completed));
        Assert.Equal(2, tasks.Count(t => t.Status == TaskRecordStatus.Queued && t.Attempts == 0));
    }

    [Fact]
    public async Task Worker_StoppedBeforeItStarted_ReturnsWithoutErrorAndClaimsNothing()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["delay_ms"] = 1 });
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var worker = CreateWorker(TestOptions(concurrency: 2));

        await worker.RunAsync(stop.Token);

        Assert.Equal(0, worker.Executed);
        Assert.Equal(JobStatus.Queued, (await Client.GetJobAsync(submission.Job.JobId)).Status);
        var plan = Assert.Single(await WorkAsync(submission.Job.JobId));
        Assert.Equal((0, null), (plan.Attempts, plan.LeaseOwner));
    }
}
