using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// New work reaches an idle worker without waiting for its poll, whichever client committed it:
/// pushed by the database (<see cref="WakeUpMechanism.Push"/>) or noticed by the store watching for
/// commits (<see cref="WakeUpMechanism.Watch"/>). A store without wake-ups
/// (<see cref="WakeUpMechanism.PollOnly"/>) must be found by the poll instead, so the worker polls
/// often there (<see cref="IdlePoll"/>).
/// </summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Worker_IdleWhileAnotherClientSubmits_IsWokenAndRunsTheJob()
    {
        await using var worker = StartWorker(new WorkerOptions { Concurrency = 2, PollInterval = IdlePoll });
        // Asleep by now: it found nothing to claim and nothing scheduled.
        await Task.Delay(200);
        var other = new GeoClient(OpenStore(), Registry);

        var submission = await other.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Notify") });
        // Far inside a ten-minute poll: with wake-ups, only a wake-up gets the job done in time.
        var job = await Client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Completed, job.Status);
    }
}
