using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>Service Bus down is never a job failure: workers claim from the database while it is down, and what waited is sent once it is back.</summary>
public sealed class ServiceBusOutageTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task ServiceBusDownMidJob_WorkersFallBackToTheDatabase_ThenUseMessagesAgain_NothingLostNothingFailed()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture);
        const int tasks = 300;
        var jobId = await rig.SubmitAsync("noop", new JsonObject { ["tasks"] = tasks, ["stages"] = 2, ["delay_ms"] = 50, ["label"] = "outage" });
        long messageClaimsAtResume = 0;

        var job = await rig.RunAsync(jobId, workers: 2, concurrency: 4, during: async () =>
        {
            await Eventually.TrueAsync(async () => await CompletedAsync(jobId) >= 30, 120);
            await rig.Double.PauseAsync();
            var atPause = await CompletedAsync(jobId);
            // Work goes on without Service Bus: the circuit opens and the workers claim from the database.
            await Eventually.TrueAsync(async () => await CompletedAsync(jobId) >= atPause + 60, 120);
            messageClaimsAtResume = rig.MessageClaims;
            await rig.Double.ResumeAsync();
            await Eventually.TrueAsync(() => Task.FromResult(rig.MessageClaims > messageClaimsAtResume), 120);
        });

        Assert.Equal(JobStatus.Completed, job.Status);
        (await JobLedger.ReadAsync(fixture.Store, jobId, stages: 2)).AssertEveryTaskCompletedOnce(tasksPerStage: tasks, stages: 2);
        Assert.True(rig.DatabaseClaims > 0, "no worker claimed from the database while Service Bus was down");
        Assert.Equal(0, (await fixture.Store.OutboxBacklogAsync(new OutboxBacklogParams(jobId), default)).Undispatched);
    }

    [Fact]
    public async Task WorkCommittedWhileServiceBusIsDown_IsSentWhenTheCircuitCloses()
    {
        // No sweep within the test (a grace of an hour): only the circuit closing can send what waited.
        await using var rig = await ServiceBusRig.StartAsync(fixture, configure: o => o with { SweepGrace = TimeSpan.FromHours(1), StrandedAfter = TimeSpan.FromHours(2) });
        var (_, listener) = rig.NewClient();
        await using var listening = await listener.ListenAsync(new WorkListenParams(() => { }), CancellationToken.None);
        // An idle worker's claim: nothing held, so it asks the receivers for work (and touches no database).
        Assert.Empty(await listener.ClaimAsync(new WorkClaimParams("idle-worker", 4, TimeSpan.FromSeconds(30)), CancellationToken.None));
        await rig.Double.PauseAsync();
        await Eventually.TrueAsync(() => Task.FromResult(listener.CircuitOpen), 120);

        // The submitter's relay cannot send; the job's plan waits undispatched in the database.
        var (submitter, submitting) = rig.NewClient(rig.Options with { FlushTimeout = TimeSpan.FromSeconds(1) });
        var jobId = (await submitter.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["label"] = "committed-while-down" })).Job.JobId;
        await submitter.DisposeAsync();
        Assert.Equal(1, (await fixture.Store.OutboxBacklogAsync(new OutboxBacklogParams(jobId), default)).Undispatched);

        await rig.Double.ResumeAsync();

        try
        {
            await Eventually.TrueAsync(async () => (await fixture.Store.OutboxBacklogAsync(new OutboxBacklogParams(jobId), default)).Undispatched == 0, 120);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Circuit open: {listener.CircuitOpen}. Log:{Environment.NewLine}{rig.Logs}", e);
        }
        Assert.Equal(1, rig.Double.Queues.Counts(rig.Options.ControlQueue)!.Active);
    }

    private async Task<long> CompletedAsync(string jobId) => await JobLedger.CountAsync(fixture.Store, jobId, TaskRecordStatus.Completed);
}
