using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>A message is never the only record of work: one that is lost is sent again once it has been missing longer than the duplicate-detection window.</summary>
public sealed class ServiceBusLostMessageTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task AMessageTakenByNobodysWorker_IsSentAgainOnceStranded_AndTheJobCompletes()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture);
        var jobId = await rig.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["label"] = "lost-plan" });
        // Someone else's receiver takes the job's only message and completes it: the plan is dispatched but nobody will ever see it.
        await using (var thief = new ServiceBusClient(rig.Options.ConnectionString))
        {
            var receiver = thief.CreateReceiver(rig.Options.ControlQueue);
            var stolen = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(stolen);
            await receiver.CompleteMessageAsync(stolen);
        }
        Assert.Equal(0, rig.Double.Queues.Counts(rig.Options.ControlQueue)!.Active);

        // The workers' sweeper sends the plan again once it has been stranded longer than the window (and their control queue looks empty).
        var job = await rig.RunAsync(jobId, workers: 1);

        Assert.Equal(JobStatus.Completed, job.Status);
        (await JobLedger.ReadAsync(fixture.Store, jobId, stages: 1)).AssertEveryTaskCompletedOnce(tasksPerStage: 3, stages: 1);
        Assert.Equal(0, rig.DatabaseClaims);
    }
}
