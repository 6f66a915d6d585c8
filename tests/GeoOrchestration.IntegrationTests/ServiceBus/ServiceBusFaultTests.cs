using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>Duplicate deliveries, lost locks and duplicate sends cost time, never correctness: every task runs and completes once.</summary>
public sealed class ServiceBusFaultTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task DuplicateDeliveriesLostLocksAndResends_EveryTaskRunsAndCompletesOnce()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture, ServiceBusRig.Queue(lockDuration: TimeSpan.FromSeconds(5)));
        var duplicated = rig.Double.Faults.Add(FaultKind.DuplicateDelivery, rig.Options.TaskQueue, times: -1);
        var lockLost = rig.Double.Faults.Add(FaultKind.LockLostOnSettle, rig.Options.TaskQueue, times: 20);
        var resent = rig.Double.Faults.Add(FaultKind.DropConnectionAfterSend, rig.Options.TaskQueue, times: 2);
        const int tasks = 200;
        var jobId = await rig.SubmitAsync("test_behaviour", new JsonObject { ["tasks"] = tasks, ["behaviour"] = "sleep", ["ms"] = 200, ["run"] = Guid.NewGuid().ToString() });

        var job = await rig.RunAsync(jobId, workers: 2, concurrency: 4);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.True(duplicated.Fired > 0 && lockLost.Fired > 0 && resent.Fired > 0, $"faults fired: {duplicated.Fired} duplicate deliveries, {lockLost.Fired} lost locks, {resent.Fired} dropped sends");
        var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, stages: 1);
        ledger.AssertEveryTaskCompletedOnce(tasksPerStage: tasks, stages: 1);
        Assert.Equal(tasks, ledger.AttemptsSum);
        Assert.All(Enumerable.Range(0, tasks), i => Assert.Equal(1, BehaviourHandler.Starts[JobIdentity.TaskId(jobId, 1, $"t{i}")]));
        Assert.Equal(0, rig.DatabaseClaims);
    }
}
