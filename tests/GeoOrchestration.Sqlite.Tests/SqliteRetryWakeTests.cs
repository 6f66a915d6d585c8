using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// An idle worker wakes when a retry falls due, whoever scheduled it, not at its fallback poll (the
/// SQLite side of the PostgreSQL RetryWakeTests). Without LISTEN/NOTIFY, the retry's commit wakes it
/// (in-process signal, or the data_version poll for another process) and the claim that follows
/// tells it when the retry falls due.
/// </summary>
public sealed class SqliteRetryWakeTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();
    private SqliteStore _store = null!;
    private GeoClient _client = null!;

    public async Task InitializeAsync()
    {
        _store = _folder.Store();
        _client = new GeoClient(_store, Registry);
        await _client.DeploySchemaAsync();
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnotherWorkersRetry_FallsDue_AnIdleWorkerClaimsItWithoutWaitingForItsPoll(bool fromAnotherProcess)
    {
        var (jobId, taskId) = await AnotherWorker.ClaimsOneTaskAsync(_client, _store);
        // Through a symbolic link the file has another path, so the in-process signal (keyed by path)
        // does not reach the worker: only the PRAGMA data_version poll can, as for another process.
        var link = Path.Combine(_folder.Folder, "link.db");
        File.CreateSymbolicLink(link, _folder.Path);
        await using var reporter = fromAnotherProcess ? new SqliteStore(new SqliteStoreOptions { Path = link }) : null;
        var (watched, idle) = ClaimWatch.Over(_store);
        var worker = new GeoClient(watched, Registry).CreateWorker(new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMinutes(10) });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        try
        {
            // Sleeping once its claim found nothing claimable, and nothing is scheduled.
            await idle.WaitAsync(TimeSpan.FromSeconds(60));

            var outcome = await new EngineSteps(reporter ?? _store).TaskFailAsync(
                new TaskFailParams(taskId, AnotherWorker.WorkerId, 1, "System.IO.IOException", "flaky", TimeSpan.FromMilliseconds(500)), default);
            // Well inside the ten-minute poll: only a wake-up at the due time gets the job done in time.
            var job = await _client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));

            Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
            Assert.Equal(JobStatus.Completed, job.Status);
            var task = Assert.Single(await _client.ListTasksAsync(jobId, stage: 1));
            Assert.Equal((2, 2), (task.Attempts, task.Result!["attempt"]!.GetValue<int>()));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
