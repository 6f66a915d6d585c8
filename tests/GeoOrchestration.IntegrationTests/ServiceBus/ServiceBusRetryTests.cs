using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>Retries travel as scheduled messages; a task that outlives its message's lock still runs once.</summary>
public sealed class ServiceBusRetryTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task TasksThatFailOnce_AreRetriedThroughScheduledMessages()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture);
        var jobId = await rig.SubmitAsync("noop", new JsonObject { ["tasks"] = 40, ["transient_failure_rate"] = 1.0, ["label"] = "retries" });
        // Backoff up to 2 s (full jitter): long enough that most retries wait in the queue as scheduled messages.
        var options = TestWorkers.Options(4) with { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(2) };
        using var done = new CancellationTokenSource();
        long mostScheduled = 0;
        var watching = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                mostScheduled = Math.Max(mostScheduled, rig.Double.Queues.Counts(rig.Options.TaskQueue)!.Scheduled);
                await Task.Delay(10);
            }
        });

        var job = await rig.RunAsync(jobId, workers: 2, options: options);
        await done.CancelAsync();
        await watching;

        Assert.Equal(JobStatus.Completed, job.Status);
        var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, stages: 1);
        ledger.AssertEveryTaskCompletedOnce(tasksPerStage: 40, stages: 1);
        Assert.Equal(40, ledger.Retried);
        Assert.Equal(80, ledger.AttemptsSum);
        Assert.True(mostScheduled > 0, "no retry was ever waiting in the queue as a scheduled message");
        Assert.Equal(0, rig.DatabaseClaims);
    }

    [Fact]
    public async Task ATaskLongerThanTheLockDuration_RunsOnce()
    {
        // The shortest lock the service allows; the task runs more than twice as long.
        await using var rig = await ServiceBusRig.StartAsync(fixture, ServiceBusRig.Queue(lockDuration: TimeSpan.FromSeconds(5)));
        var jobId = await rig.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 12_000, ["run"] = Guid.NewGuid().ToString() });

        var job = await rig.RunAsync(jobId, workers: 2);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, BehaviourHandler.Starts[JobIdentity.TaskId(jobId, 1, "t0")]);
        var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, stages: 1);
        ledger.AssertEveryTaskCompletedOnce(tasksPerStage: 1, stages: 1);
        Assert.Equal(1, ledger.AttemptsSum);
        // The message was completed at the claim: nothing came back when its lock ran out.
        Assert.Equal(0, rig.Double.Queues.Counts(rig.Options.TaskQueue)!.Active);
        Assert.Equal(0, rig.DatabaseClaims);
    }
}
