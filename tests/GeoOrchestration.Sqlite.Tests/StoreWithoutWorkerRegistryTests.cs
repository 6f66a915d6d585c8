using System.Text.Json.Nodes;
using GeoOrchestration.Jobs;
using GeoOrchestration.Progress;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// The worker registry is a store's to keep: a store without one (IGeoStore's defaults, as a store seen
/// through the contract's required members alone) answers "cannot tell", and a wait's "nobody is working"
/// warning falls back to the last mark a worker left.
/// </summary>
public sealed class StoreWithoutWorkerRegistryTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task WaitForJobs_StoreWithoutARegistry_WarnsFromTheLastMarkAWorkerLeft()
    {
        var client = new GeoClient(new StoreWithoutWakeUps(_folder.Store()), Registry);
        await client.DeploySchemaAsync();
        var job = (await client.SubmitAsync("hello_world", new JsonObject { ["count"] = 1 })).Job;
        var events = new List<JobWaitEvent>();

        await client.WaitForJobsAsync([job.JobId], new JobWaitOptions { Timeout = TimeSpan.FromSeconds(2), NoWorkerAfter = TimeSpan.FromMilliseconds(300) }, events.Add);

        Assert.Null(await client.ListWorkersAsync());
        Assert.StartsWith("No worker has touched the store at all, and job " + job.JobId[..16], Assert.Single(events.OfType<JobWaitNoWorker>()).Message,
            StringComparison.Ordinal);
    }
}
