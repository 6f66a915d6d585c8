using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using Xunit.Abstractions;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>
/// <c>geoorch worker --transport servicebus</c> processes SIGKILLed at random while a job runs: messages they
/// held come back when their locks run out, the janitor of a survivor re-queues their leases (a new turn, a new
/// message), and every task still completes exactly once.
/// </summary>
public sealed class ServiceBusCrashTests(SchemaFixture fixture, ITestOutputHelper output) : IClassFixture<SchemaFixture>
{
    private const int TasksPerStage = 300;
    private const int Stages = 2;
    private const int Workers = 3;
    private const int MaxKills = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private static readonly string[] WorkerOptions =
        ["--transport", "servicebus", "--concurrency", "4", "--lease", "1", "--janitor-interval", "0.2", "--poll-interval", "1", "--shutdown-grace", "5"];

    [Fact]
    public async Task WorkerProcesses_KilledWhileAJobRuns_EveryTaskCompletesOnce()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var rig = await ServiceBusRig.StartAsync(fixture, ServiceBusRig.Queue(lockDuration: TimeSpan.FromSeconds(5)));
        // The connection string travels in the environment, as users are told to pass it (not on the command line).
        var environment = new Dictionary<string, string?>
        {
            ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
            ["GEO_SCHEMA"] = fixture.Schema,
            ["GEO_SERVICEBUS"] = rig.Options.ConnectionString,
        };
        var jobId = await rig.SubmitAsync("noop", new JsonObject { ["tasks"] = TasksPerStage, ["stages"] = Stages, ["delay_ms"] = 150, ["label"] = $"crash-{seed}" });
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkerProcess.Start(WorkerOptions, environment)).ToList();
        var retired = new List<WorkerProcess>();
        var kills = 0;
        try
        {
            while (await JobLedger.CountAsync(fixture.Store, jobId, TaskRecordStatus.Completed) == 0)
            {
                Assert.True(clock.Elapsed < Deadline, $"No task completed within {Deadline}.\n{Tails(workers)}");
                await Task.Delay(100);
            }
            JobRecord job;
            while (!(job = await fixture.Client.GetJobAsync(jobId)).Status.IsTerminal())
            {
                Assert.True(clock.Elapsed < Deadline, $"Job still {job.Status} after {Deadline} and {kills} kills; tasks: {await JobLedger.StatusesAsync(fixture.Store, jobId)}; seed {seed}.\n{Tails(workers)}");
                await Task.Delay(kills >= MaxKills ? 200 : random.Next(500, 1500));
                if (kills >= MaxKills) continue;
                var up = Enumerable.Range(0, workers.Count).Where(i => workers[i].HasStarted && !workers[i].HasExited).ToList();
                if (up.Count == 0) continue;
                var slot = up[random.Next(up.Count)];
                await workers[slot].CrashAsync();
                kills++;
                retired.Add(workers[slot]);
                workers[slot] = WorkerProcess.Start(WorkerOptions, environment);
            }
            output.WriteLine($"{kills} kills, {clock.Elapsed.TotalSeconds:F1} s");

            var exits = new List<(int Pid, bool Started, int? ExitCode)>();
            foreach (var worker in workers) exits.Add((worker.Id, worker.HasStarted, await worker.TerminateAsync(TimeSpan.FromSeconds(30))));
            Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}; seed {seed}");
            var ledger = await JobLedger.ReadAsync(fixture.Store, jobId, Stages);
            ledger.AssertEveryTaskCompletedOnce(TasksPerStage, Stages);
            Assert.True(kills >= 3, $"only {kills} kills happened while the job ran; seed {seed}");
            Assert.All(exits.Where(e => e.Started), e => Assert.True(e.ExitCode == 0, $"worker {e.Pid} exited {e.ExitCode?.ToString() ?? "not at all"}"));
            // The workers said how work reached them.
            Assert.Contains(workers.Concat(retired), w => w.Tail.Contains("Azure Service Bus", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var worker in workers.Concat(retired)) worker.Dispose();
        }
    }

    private static string Tails(IEnumerable<WorkerProcess> workers) =>
        string.Join("\n", workers.Select(w => $"--- worker {w.Id} (exited: {w.HasExited})\n{w.Tail}"));
}
