using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// New work reaches an idle worker without waiting for its poll, whichever client committed it:
/// pushed by the database (<see cref="WakeUpMechanism.Push"/>) or noticed by the store watching for
/// commits (<see cref="WakeUpMechanism.Watch"/>). A store without wake-ups
/// (<see cref="WakeUpMechanism.PollOnly"/>) must be found by the poll instead, so the worker polls
/// often there (<see cref="IdlePoll"/>).
/// </summary>
public abstract partial class WorkerIdleTests
{
    [Fact]
    public async Task Worker_IdleWhileAnotherClientSubmits_IsWokenAndRunsTheJob()
    {
        var (watched, idle) = ClaimWatch.Over(Store);
        await using var worker = StartWorker(new WorkerOptions { Concurrency = 2, PollInterval = IdlePoll }, store: watched);
        // Asleep once its claim found nothing to claim and nothing scheduled.
        await idle.WaitAsync(TimeSpan.FromSeconds(60));
        var other = new GeoClient(OpenStore(), Registry);

        var submission = await other.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Notify") });
        // Far inside a ten-minute poll: with wake-ups, only a wake-up gets the job done in time.
        var job = await Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Completed, job.Status);
    }

    [Fact]
    public async Task WorkerProcess_IdleWhileThisProcessSubmits_IsWokenAndRunsTheJob()
    {
        var poll = IdlePoll.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        using var process = WorkerProcess.Start(["--concurrency", "2", "--poll-interval", poll], ProcessEnvironment);
        await Eventually.TrueAsync(() => Task.FromResult(process.HasStarted), seconds: 60);
        await Task.Delay(200);

        var submission = await Client.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Process") });
        // Another process: only the store's cross-process wake-up (or, without one, the poll) reaches it.
        var job = await Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(60));

        Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}\n{process.Tail}");
        Assert.Equal(0, await process.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
