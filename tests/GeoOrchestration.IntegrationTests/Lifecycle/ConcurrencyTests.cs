using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class ConcurrencyTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task LargeStage_CompletedByManyWorkers_AdvancesExactlyOnce()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 2000 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, workers: 4, concurrency: 8);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_planned", 1, default));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", 1, default));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_planned", 2, default));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "finalized", null, default));
        Assert.Equal(2000, (await fixture.Client.ListTasksAsync(job.JobId, stage: 2)).Single().Result!["count"]!.GetValue<int>());
        Assert.Equal(2000, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id AND stage = 1 AND status = 'completed' AND attempts = 1", ("id", job.JobId)));
    }
}
