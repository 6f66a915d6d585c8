using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;
using GeoOrchestration.Registry;
using Xunit.Abstractions;

namespace GeoOrchestration.IntegrationTests.Reliability;

/// <summary>
/// A database restart in the middle of a job costs a pause, not the job and not the workers: every
/// connection drops, in-flight statements fail, and yet each task completes once and each stage is
/// planned once. Runs on a cluster of its own, since restarting the shared one would break the
/// test classes running beside it.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const string Schema = "restart_test";
    private const int TasksPerStage = 200;
    private const int Stages = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Server_RestartedMidJob_JobCompletesWithEveryTaskOnceAndWorkersSurvive()
    {
        using var server = PostgresServer.StartPrivate();
        var store = new PostgresStore(new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = Schema });
        await using var client = new GeoClient(store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        await client.DeploySchemaAsync();
        var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = TasksPerStage, ["stages"] = Stages, ["delay_ms"] = 50 });
        var jobId = submission.Job.JobId;

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var inProcess = Enumerable.Range(0, 2).Select(_ => client.CreateWorker(new WorkerOptions
        {
            Concurrency = 4,
            Lease = TimeSpan.FromSeconds(2),
            JanitorInterval = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromSeconds(1),
            ShutdownGrace = TimeSpan.FromSeconds(5),
        }).RunAsync(stop.Token)).ToList();
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = server.ConnectionString, ["GEO_SCHEMA"] = Schema };
        var processes = Enumerable.Range(0, 2).Select(_ => WorkerProcess.Start(
            ["--concurrency", "4", "--lease", "2", "--janitor-interval", "0.2", "--poll-interval", "1", "--shutdown-grace", "5"], environment)).ToList();
        try
        {
            long before;
            while ((before = await JobLedger.CountAsync(store, jobId, TaskRecordStatus.Completed)) < 20)
            {
                Assert.True(clock.Elapsed < Deadline, $"Fewer than 20 tasks completed within {Deadline}.");
                await Task.Delay(50);
            }
            Assert.True(before < TasksPerStage * Stages, "the job finished before the restart; it is too short to test anything");
            // The restart is for running workers: a process still in its start-up check waits for the
            // database (WorkerStartupWaitTests pin that), which is not what this tests.
            await Eventually.TrueAsync(() => Task.FromResult(processes.All(p => p.HasStarted || p.HasExited)), seconds: 120);
            Assert.All(processes, p => Assert.False(p.HasExited, $"worker process {p.Id} exited before the restart:\n{p.Tail}"));

            var restart = Stopwatch.StartNew();
            server.Restart();
            var restartSeconds = restart.Elapsed.TotalSeconds;

            JobRecord job;
            try
            {
                job = await client.WaitForJobAsync(jobId, Deadline);
            }
            catch (Errors.GeoTimeoutException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message} Tasks: {await JobLedger.StatusesAsync(store, jobId)}\n" +
                    string.Join("\n", processes.Select(p => $"--- worker {p.Id}\n{p.Tail}")));
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var ledger = await JobLedger.ReadAsync(store, jobId, Stages);
            output.WriteLine(new JsonObject
            {
                ["test"] = "database_restart",
                ["completed_before_restart"] = before,
                ["restart_seconds"] = Math.Round(restartSeconds, 2),
                ["seconds_to_finish"] = Math.Round(seconds, 2),
                ["tasks"] = ledger.Tasks,
                ["completions"] = ledger.Completed,
                ["attempts_sum"] = ledger.AttemptsSum,
                ["tasks_retried"] = ledger.Retried,
                ["completing_workers"] = ledger.CompletingWorkers,
            }.ToJsonString());

            Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}");
            ledger.AssertEveryTaskCompletedOnce(TasksPerStage, Stages);
            // The workers rode the restart out: none of them stopped on its own.
            Assert.All(inProcess, w => Assert.False(w.IsCompleted, $"an in-process worker stopped: {w.Exception}"));
            Assert.All(processes, p => Assert.False(p.HasExited, $"worker process {p.Id} exited:\n{p.Tail}"));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var process in processes)
            {
                await process.TerminateAsync(TimeSpan.FromSeconds(30));
                process.Dispose();
            }
            // Bounded and without throwing: a worker that failed is reported by the assertions above, not here.
            await Task.WhenAny(Task.WhenAll(inProcess), Task.Delay(TimeSpan.FromSeconds(30)));
        }
    }
}
