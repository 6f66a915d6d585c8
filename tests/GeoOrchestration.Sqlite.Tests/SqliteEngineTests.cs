using System.Text.Json.Nodes;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>The engine's own worker running built-in jobs on the SQLite store.</summary>
public sealed class SqliteEngineTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task HelloWorld_RunOnAFreshFile_CompletesEveryStageOnce()
    {
        var store = _folder.Store();
        var client = new GeoClient(store, Registry);

        var (submission, job) = await client.RunAsync(
            client.PrepareSubmission("hello_world", new JsonObject { ["names"] = new JsonArray("Ada", "Grace", "Linus") }),
            new RunOptions { Worker = new WorkerOptions { Concurrency = 4 }, Timeout = TimeSpan.FromSeconds(60) });

        Assert.True(submission.Created);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(["Ada", "Grace", "Linus"], job.Result!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        for (var stage = 1; stage <= job.TotalStages; stage++)
            Assert.Equal(1, await store.EventCountAsync(job.JobId, "stage_completed", stage, default));
        Assert.All(await client.ListTasksAsync(job.JobId), t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
    }

    [Fact]
    public async Task Noop_ThreeStagesOfTwoHundredTasks_ByTwoWorkersOnTwoStores_Completes()
    {
        var store = _folder.Store();
        var client = new GeoClient(store, Registry);
        var second = new GeoClient(_folder.Store(), Registry);
        // Workers start only on a file with this build's schema (SchemaCheck changes nothing).
        await client.DeploySchemaAsync();
        using var stop = new CancellationTokenSource();
        var workers = new[] { client, second }.Select(c => c.CreateWorker(new WorkerOptions { Concurrency = 8 }).RunAsync(stop.Token)).ToList();
        try
        {
            var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 200, ["stages"] = 3 });

            var job = await client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(120));

            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal([200, 200, 200], await new EngineSteps(store).StageTaskCountsAsync(job.JobId, default));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Worker_IdleWithALongPoll_IsWokenWhenAJobArrives(bool fromAnotherConnectionPath)
    {
        var store = _folder.Store();
        var client = new GeoClient(store, Registry);
        await client.DeploySchemaAsync();
        // Through a symbolic link the file has another path, so the in-process signal (keyed by path)
        // does not reach this worker: only the PRAGMA data_version poll can, as for another process.
        var link = Path.Combine(_folder.Folder, "link.db");
        File.CreateSymbolicLink(link, _folder.Path);
        var submitter = fromAnotherConnectionPath
            ? new GeoClient(new SqliteStore(new SqliteStoreOptions { Path = link }), Registry)
            : client;
        using var stop = new CancellationTokenSource();
        // A poll interval far beyond the wait below: only a wake-up can get the job done in time.
        var (watched, idle) = ClaimWatch.Over(store);
        var running = new GeoClient(watched, Registry).CreateWorker(new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMinutes(10), RunJanitor = false }).RunAsync(stop.Token);
        try
        {
            // Idle once its claim found nothing.
            await idle.WaitAsync(TimeSpan.FromSeconds(60));
            var submission = await submitter.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Wake", "Up") });

            var job = await client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromSeconds(30));

            Assert.Equal(JobStatus.Completed, job.Status);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            if (fromAnotherConnectionPath) await submitter.DisposeAsync();
        }
    }
}
