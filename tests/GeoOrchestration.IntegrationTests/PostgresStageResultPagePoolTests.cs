using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// A fan-out planner reads the previous stage's pages while its plan transaction holds a pooled
/// connection (the planner runs inside the plan's COPY). The page reads take their connections from
/// a pool of their own: with the main pool down to one connection, the plan's, they are still
/// answered, where a read from the main pool would wait for the plan that waits for it.
/// </summary>
public sealed class PostgresStageResultPagePoolTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    /// <summary>A store whose pool holds one connection; a wait for it fails after a few seconds rather than hanging.</summary>
    private PostgresStore OneConnectionStore(int timeoutSeconds) => new(new PostgresStoreOptions
    {
        ConnectionString = $"{fixture.Server.ConnectionString};Maximum Pool Size=1;Timeout={timeoutSeconds}",
        Schema = fixture.Schema,
    });

    [Fact]
    public async Task StageResultsPage_InsideATransactionHoldingThePoolsOnlyConnection_IsAnswered()
    {
        var jobId = (await fixture.Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 30, ["stages"] = 1 })).Job.JobId;
        Assert.Equal(JobStatus.Completed, (await TestWorkers.RunUntilTerminalAsync(fixture.Client, jobId, [fixture.CreateWorker()])).Status);
        await using var store = OneConnectionStore(timeoutSeconds: 3);

        var page = await store.ExecuteAsync(async (tx, ct) =>
        {
            await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct); // the transaction has its connection
            return await store.StageResultsPageAsync(new StageResultsPageParams(jobId, 1, null, 10), ct);
        }, default).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(10, page.Results.Count);
        Assert.NotNull(page.Next);
    }

    [Fact]
    public async Task FanOut_PlannedByAWorkerWhosePoolHasOneConnection_ReadsItsPagesAndTheJobCompletes()
    {
        // 2,000 tasks: past the COPY threshold, so the planner (and its page reads) runs inside the COPY.
        var jobId = (await fixture.Client.SubmitAsync("test_paged_fan_out", new JsonObject { ["tasks"] = 2_000, ["per"] = 1 })).Job.JobId;
        await using var store = OneConnectionStore(timeoutSeconds: 60);
        var client = new GeoClient(store, fixture.Registry); // not disposed: the store is the test's to dispose

        JobRecord job;
        await using (new RunningWorker(client.CreateWorker(TestWorkers.Options(concurrency: 4))))
            job = await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromMinutes(5));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal([2_000, 2_000, 1], await fixture.Store.StageTaskCountsAsync(new JobRef(jobId), default));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_events WHERE job_id = @id AND kind = 'stage_planned' AND stage = 2", ("id", jobId)));
    }
}
