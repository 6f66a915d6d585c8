using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;

namespace GeoOrchestration.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL gone for 20 s in the middle of a job (stopped, then started: longer than a restart, as a
/// failover or a host reboot is): a running <c>geoorch worker</c> and a <c>geoorch submit --wait</c>
/// waiting on the job both ride it out, and the job completes. On a cluster of the test's own.
/// </summary>
public sealed class StoreOutageTests
{
    private const string Schema = "outage_test";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Postgres_Gone20Seconds_RunningWorkerAndSubmitWaitSurviveAndTheJobCompletes()
    {
        var cluster = BinaryCluster.Start(BinaryCluster.FindBinaries());
        try
        {
            var store = new PostgresStore(new PostgresStoreOptions { ConnectionString = cluster.ConnectionString, Schema = Schema });
            await using var client = new GeoClient(store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
            await client.DeploySchemaAsync();
            var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = cluster.ConnectionString, ["GEO_SCHEMA"] = Schema };
            using var worker = WorkerProcess.Start(["--concurrency", "2", "--poll-interval", "1"], environment);
            await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 120);
            Assert.True(worker.HasStarted, worker.Tail);

            // 40 tasks of 2 s on 2 slots: about 40 s of work, so the outage falls in the middle of it.
            var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 40, ["delay_ms"] = 2000 });
            var jobId = submission.Job.JobId;
            // The same request: submit --wait attaches to the job and waits on it.
            var waiting = Geoorch.RunAsync(["submit", "noop", "--param", "tasks=40", "--param", "delay_ms=2000", "--wait", "--timeout", "600"],
                environment, TimeSpan.FromMinutes(10));
            await Eventually.TrueAsync(async () => await JobLedger.CountAsync(store, jobId, TaskRecordStatus.Completed) >= 2, seconds: 120);

            cluster.Stop();
            if (waiting.IsCompleted) Assert.Fail($"submit --wait ended before the outage: {(await waiting).Stderr}");
            // The outage's length: a scenario, not an assertion on time.
            await Task.Delay(Outage);
            Assert.False(worker.HasExited, $"the worker exited during the outage:\n{worker.Tail}");
            cluster.StartAgain();

            var result = await waiting;
            Assert.True(result.ExitCode == 0, $"submit --wait exit {result.ExitCode}: {result.Stderr}\nworker:\n{worker.Tail}");
            Assert.False(worker.HasExited, $"the worker exited after the outage:\n{worker.Tail}");
            Assert.Equal(JobStatus.Completed, (await client.GetJobAsync(jobId)).Status);
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            cluster.Remove();
        }
    }
}
