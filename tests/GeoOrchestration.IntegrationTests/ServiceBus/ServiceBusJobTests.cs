using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>
/// Jobs run end to end over the Service Bus transport (the double) on PostgreSQL, by in-process workers each
/// with a store and transport of its own: every claim comes from a message while Service Bus is up.
/// </summary>
public sealed class ServiceBusJobTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task HelloWorld_RunsToCompletion_EveryClaimFromAMessage()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture);
        var jobId = await rig.SubmitAsync("hello_world", new JsonObject { ["count"] = 5 });

        var job = await rig.RunAsync(jobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        // Greet 5, reply 5, summarise 1: each completed once, each stage planned and completed once, one finalize.
        var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, stages: 3);
        Assert.Equal(new Dictionary<int, long> { [1] = 5, [2] = 5, [3] = 1 }, ledger.TasksPerStage);
        Assert.Equal(11, ledger.Completed);
        Assert.Equal(11, ledger.AttemptsSum);
        Assert.All(ledger.StageEvents.Values, e => Assert.Equal((1L, 1L), e));
        Assert.Equal(1, ledger.Finalized);
        Assert.Equal(0, ledger.WorkLeft);
        Assert.True(rig.MessageClaims > 0);
        Assert.Equal(0, rig.DatabaseClaims);
    }

    [Fact]
    public async Task FanOut_Of2000Tasks_CompletesEachOnce()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture);
        var jobId = await rig.SubmitAsync("noop", new JsonObject { ["tasks"] = 2_000, ["label"] = "fan-out" });

        var job = await rig.RunAsync(jobId, workers: 2, concurrency: 8);

        Assert.Equal(JobStatus.Completed, job.Status);
        var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, stages: 1);
        ledger.AssertEveryTaskCompletedOnce(tasksPerStage: 2_000, stages: 1);
        Assert.Equal(2_000, ledger.AttemptsSum);
        Assert.Equal(0, rig.DatabaseClaims);
    }
}
