using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>A wait's "nobody is working" warning (Wait-GeoJob, Submit-GeoJob -Wait) asks the worker registry.</summary>
public abstract partial class WorkerRegistryTests
{
    private static readonly JobWaitOptions ShortWait = new() { Timeout = TimeSpan.FromSeconds(3), NoWorkerAfter = TimeSpan.FromMilliseconds(300) };

    private async Task<List<JobWaitEvent>> WaitAsync(string jobId, JobWaitOptions? options = null)
    {
        var events = new List<JobWaitEvent>();
        await Client.WaitForJobsAsync([jobId], options ?? ShortWait, events.Add);
        return events;
    }

    [Fact]
    public async Task WaitForJobs_WithNoWorkerRegistered_WarnsOnce()
    {
        var job = (await Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 1 })).Job;

        var events = await WaitAsync(job.JobId);

        var warning = Assert.Single(events.OfType<JobWaitNoWorker>());
        Assert.StartsWith("No worker is registered on this store, and job " + job.JobId[..16], warning.Message, StringComparison.Ordinal);
        await Client.CancelJobAsync(job.JobId, "test over");
    }

    [Fact]
    public async Task WaitForJobs_WithOnlyALostWorkerRegistered_WarnsNamingIt()
    {
        await Store.WorkerRegisterAsync(Registration("dead", expiry: TimeSpan.FromMilliseconds(100)), CancellationToken.None);
        await Eventually.TrueAsync(async () => (await FindAsync("dead"))!.Lost);
        var job = (await Client.SubmitAsync("hello_world", new JsonObject { ["count"] = 1 })).Job;

        var events = await WaitAsync(job.JobId);

        Assert.StartsWith("No live worker is registered on this store (1 lost, the last heartbeat ", Assert.Single(events.OfType<JobWaitNoWorker>()).Message,
            StringComparison.Ordinal);
        await Client.CancelJobAsync(job.JobId, "test over");
    }

    [Fact]
    public async Task WaitForJobs_WhileTheLiveWorkersCannotRunTheJobsType_Warns_EvenWithAWorkerBusyElsewhere()
    {
        // A worker with the built-in job types only, holding a long task of its own: it renews leases (a
        // sign of life the store's last-mark fallback counts), but cannot run the suite's test job types.
        var busy = (await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 60_000 })).Job;
        var builtIns = new Worker(JobRegistry.FromAssemblies(BuiltInJobs.Assembly), Store, TestOptions() with { Lease = TimeSpan.FromSeconds(1) });
        var job = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 })).Job;
        List<JobWaitEvent> events;
        await using (new RunningWorker(builtIns))
        {
            await Eventually.TrueAsync(async () => await JobLedger.CountAsync(Store, busy.JobId, TaskRecordStatus.Processing) == 1, seconds: 60);

            events = await WaitAsync(job.JobId);

            await Client.CancelJobAsync(busy.JobId, "test over");
        }

        Assert.StartsWith("None of the 1 live worker(s) on this store can run job type 'test_wide'", Assert.Single(events.OfType<JobWaitNoWorker>()).Message,
            StringComparison.Ordinal);
        await Client.CancelJobAsync(job.JobId, "test over");
    }

    [Fact]
    public async Task WaitForJobs_WhileALiveWorkerThatCanRunItHoldsALongTask_DoesNotWarn()
    {
        var job = (await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 2500 })).Job;
        await using var worker = StartWorker();

        var events = await WaitAsync(job.JobId, new JobWaitOptions { Timeout = TimeSpan.FromSeconds(60), NoWorkerAfter = TimeSpan.FromMilliseconds(300) });

        Assert.Empty(events.OfType<JobWaitNoWorker>());
        Assert.Equal(JobStatus.Completed, Assert.Single(events.OfType<JobWaitFinished>()).Job.Status);
    }
}
