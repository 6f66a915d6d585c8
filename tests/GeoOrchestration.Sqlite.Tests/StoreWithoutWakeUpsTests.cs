using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>Wake-ups are a capability a store may lack: the engine then finds work by its fallback poll.</summary>
public sealed class StoreWithoutWakeUpsTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task Worker_StoreWithoutWakeUps_RunsAJobSubmittedWhileItWasIdle()
    {
        var store = new StoreWithoutWakeUps(_folder.Store());
        Assert.IsNotAssignableFrom<IGeoStoreWakeUps>((object)store);
        var client = new GeoClient(store, Registry);
        await client.DeploySchemaAsync();
        using var stop = new CancellationTokenSource();
        var (watched, idle) = ClaimWatch.Over(store);
        var worker = new GeoClient(watched, Registry).CreateWorker(new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMilliseconds(200) }).RunAsync(stop.Token);
        try
        {
            // Submitted after the worker found nothing to claim: only its poll can find the job.
            await idle.WaitAsync(TimeSpan.FromSeconds(60));
            var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 2 });

            var job = await client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(60));

            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal([3, 3], await new EngineSteps(store).StageTaskCountsAsync(job.JobId, default));
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }
    }
}
