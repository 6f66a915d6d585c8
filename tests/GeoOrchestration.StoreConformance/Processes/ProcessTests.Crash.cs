using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Invariant 6, with real processes: workers killed with SIGKILL at random moments lose nothing.
/// Their leases expire, the janitor of a surviving worker queues the work again, and every task
/// still completes exactly once. Set <c>GEO_CRASH_SEED</c> to replay a run's kill schedule and
/// <c>GEO_CRASH_REPORT</c> to collect each run's figures as JSON lines. The workers are
/// <c>geoorch worker</c> processes reaching the test's store through
/// <see cref="Harness.IHarnessStore.ProcessEnvironment"/>.
/// </summary>
public abstract partial class ProcessTests
{
    // 800 tasks of 150 ms over 12 slots take at least 10 s, whatever the machine: time for 6+ kills
    // at one every 0.5-1.5 s.
    private const int CrashTasksPerStage = 400;
    private const int CrashStages = 2;
    private const int CrashDelayMs = 150;
    private const int CrashWorkers = 3;
    // Then the workers are left alone to finish: each kill costs a worker's start-up and its leases,
    // and on a loaded machine endless kills could starve the job past the deadline.
    private const int MaxKills = 12;
    private static readonly TimeSpan CrashDeadline = TimeSpan.FromMinutes(3);

    private static readonly string[] CrashWorkerOptions =
        ["--concurrency", "4", "--lease", "1", "--janitor-interval", "0.2", "--poll-interval", "1", "--shutdown-grace", "5"];

    [Fact]
    public async Task Workers_KilledAtRandomWhileRunning_EveryTaskCompletesExactlyOnce()
    {
        var seed = int.TryParse(System.Environment.GetEnvironmentVariable("GEO_CRASH_SEED"), out var given) ? given : System.Environment.TickCount;
        Output?.WriteLine($"seed {seed} (GEO_CRASH_SEED={seed} replays the kill schedule)");
        var random = new Random(seed);
        var submission = await Client.SubmitAsync("noop",
            new JsonObject { ["tasks"] = CrashTasksPerStage, ["stages"] = CrashStages, ["delay_ms"] = CrashDelayMs });
        var jobId = submission.Job.JobId;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, CrashWorkers).Select(_ => WorkerProcess.Start(CrashWorkerOptions, ProcessEnvironment)).ToList();
        var retired = new List<WorkerProcess>();
        int kills = 0, killsHoldingWork = 0, orphanedTasks = 0, orphanedSteps = 0;
        JobRecord job;
        try
        {
            // Kill only once work is flowing, so the kills land on running tasks rather than on starting processes.
            while (await JobLedger.CountAsync(Store, jobId, TaskRecordStatus.Completed) == 0)
            {
                Assert.True(clock.Elapsed < CrashDeadline, $"No task completed within {CrashDeadline}.\n{Tails(workers)}");
                await Task.Delay(100);
            }
            while (true)
            {
                job = await Client.GetJobAsync(jobId);
                if (job.Status.IsTerminal()) break;
                if (clock.Elapsed > CrashDeadline)
                    Assert.Fail($"Job still {job.Status} (stage {job.Stage}) after {CrashDeadline} and {kills} kills; tasks: " +
                        $"{await JobLedger.StatusesAsync(Store, jobId)}; seed {seed}.\n{Tails(workers)}");
                if (kills >= MaxKills)
                {
                    await Task.Delay(200);
                    continue;
                }
                await Task.Delay(random.Next(500, 1500));
                if ((await Client.GetJobAsync(jobId)).Status.IsTerminal()) continue;

                // Only workers that are up: killing replacements while they start would test nothing
                // and, on a loaded machine, could starve the job of workers altogether.
                var up = Enumerable.Range(0, workers.Count).Where(i => workers[i].HasStarted).ToList();
                if (up.Count == 0) continue;
                var slot = up[random.Next(up.Count)];
                var victim = workers[slot];
                await victim.CrashAsync();
                var (tasks, steps) = await HeldByAsync(jobId, victim.LeaseOwnerPrefix);
                kills++;
                if (tasks + steps > 0) killsHoldingWork++;
                orphanedTasks += tasks;
                orphanedSteps += steps;
                retired.Add(victim);
                workers[slot] = WorkerProcess.Start(CrashWorkerOptions, ProcessEnvironment);
            }
            var seconds = clock.Elapsed.TotalSeconds;

            var exits = new List<(int Pid, bool Started, int? ExitCode)>();
            foreach (var worker in workers)
                exits.Add((worker.Id, worker.HasStarted, await worker.TerminateAsync(TimeSpan.FromSeconds(30))));

            var ledger = await JobLedger.ReadAsync(Store, jobId, CrashStages);
            ReportCrashRun(seed, kills, killsHoldingWork, orphanedTasks, orphanedSteps, ledger, seconds);

            Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Error}; seed {seed}");
            ledger.AssertEveryTaskCompletedOnce(CrashTasksPerStage, CrashStages);
            Assert.True(kills >= 3, $"only {kills} kills happened while the job ran; the job is too short to test anything; seed {seed}");
            if (orphanedTasks > 0)
            {
                // A task held by a dead worker cannot have been completed by it: some later attempt did.
                Assert.True(ledger.Retried > 0, $"{orphanedTasks} tasks were orphaned, yet no task took more than one attempt");
                Assert.True(ledger.AttemptsSum > ledger.Completed, $"{orphanedTasks} tasks were orphaned, yet attempts = completions = {ledger.Completed}");
            }
            // SIGTERM is a graceful stop (exit 0) for every worker that got as far as starting.
            Assert.All(exits.Where(e => e.Started), e => Assert.True(e.ExitCode == 0, $"worker {e.Pid} exited {e.ExitCode?.ToString() ?? "not at all"}"));
        }
        finally
        {
            foreach (var worker in workers.Concat(retired)) worker.Dispose();
        }
    }

    /// <summary>Tasks and plan/finalize steps still leased to a worker that is now dead: lost until their leases expire.</summary>
    private async Task<(int Tasks, int Steps)> HeldByAsync(string jobId, string leaseOwnerPrefix)
    {
        bool Dead(string? owner) => owner?.StartsWith(leaseOwnerPrefix, StringComparison.Ordinal) == true;
        var tasks = await TasksAsync(jobId);
        var steps = await WorkAsync(jobId);
        // The store's clock is not the test's, but a lease of a second is either long gone or not.
        return (tasks.Count(t => t.Status == TaskRecordStatus.Processing && Dead(t.LeaseOwner)),
            steps.Count(w => Dead(w.LeaseOwner) && w.LeaseExpiresAt > DateTimeOffset.UtcNow));
    }

    private void ReportCrashRun(int seed, int kills, int killsHoldingWork, int orphanedTasks, int orphanedSteps, JobLedger ledger, double seconds)
    {
        var figures = new JsonObject
        {
            ["test"] = "crash",
            ["at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["seed"] = seed,
            ["workers_killed"] = kills,
            ["kills_holding_work"] = killsHoldingWork,
            ["orphaned_tasks"] = orphanedTasks,
            ["orphaned_steps"] = orphanedSteps,
            ["tasks"] = ledger.Tasks,
            ["completions"] = ledger.Completed,
            ["attempts_sum"] = ledger.AttemptsSum,
            ["tasks_retried"] = ledger.Retried,
            ["completing_workers"] = ledger.CompletingWorkers,
            ["seconds_to_finish"] = Math.Round(seconds, 2),
        };
        var line = figures.ToJsonString();
        Output?.WriteLine(line);
        if (System.Environment.GetEnvironmentVariable("GEO_CRASH_REPORT") is { Length: > 0 } path)
            File.AppendAllText(path, line + "\n");
    }

    private static string Tails(IEnumerable<WorkerProcess> workers) =>
        string.Join("\n", workers.Select(w => $"--- worker {w.Id} (exited: {w.HasExited})\n{w.Tail}"));
}
