using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoOrchestration.ContainerTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.ContainerTests.StopKill;

/// <summary>
/// Three <c>geoorch</c> worker containers and one PowerShell worker container, configured by the
/// environment alone, run a <c>noop</c> job whose tasks take seconds. Once every victim runs tasks,
/// one geoorch container is killed (<c>docker kill</c>) and one geoorch and the PowerShell container
/// are stopped (<c>docker stop</c>); the last geoorch container finishes the job. Run once per test
/// run and shared by the tests of <see cref="StopKillTests"/>, which assert on what it observed.
/// </summary>
public static partial class StopKillScenario
{
    // 15 tasks over 4 x 3 slots: every container fills its slots at once, and 3 tasks wait. A task
    // holds 12 s and the grace is 2 s, so a task running when its container is stopped (a second or
    // so after its claim) cannot finish in the grace, however loaded the machine: it is handed back.
    // The leases are the default 30 s.
    public const int Tasks = 15;
    public const int DelayMs = 12_000;
    public const int Concurrency = 3;
    public const int GraceSeconds = 2;
    // docker stop's own bound, far above the grace: a container still running then is SIGKILLed (exit 137).
    public const int StopTimeoutSeconds = 30;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(5);
    private static readonly ConcurrentDictionary<ContainerFixture, Lazy<Task<StopKillOutcome>>> Runs = new();

    /// <summary>The scenario's outcome, run on first use; every test awaits the same run (and sees its failure, if it failed).</summary>
    public static Task<StopKillOutcome> RunOnceAsync(ContainerFixture fixture) =>
        Runs.GetOrAdd(fixture, f => new Lazy<Task<StopKillOutcome>>(() => RunAsync(f))).Value;

    private static async Task<StopKillOutcome> RunAsync(ContainerFixture fixture)
    {
        await using var database = await fixture.CreateDatabaseAsync("stopkill");
        var environment = new Dictionary<string, string>
        {
            ["GEO_CONNECTION"] = database.ConnectionString,
            ["GEO_CONCURRENCY"] = Concurrency.ToString(CultureInfo.InvariantCulture),
            ["GEO_SHUTDOWN_GRACE"] = GraceSeconds.ToString(CultureInfo.InvariantCulture),
        };
        var containers = new List<WorkerContainer>();
        try
        {
            var stopped = await StartAsync(fixture, containers, ContainerImages.Geoorch, "geoorch-stop", environment);
            var killed = await StartAsync(fixture, containers, ContainerImages.Geoorch, "geoorch-kill", environment);
            var survivor = await StartAsync(fixture, containers, ContainerImages.Geoorch, "geoorch-survivor", environment);
            var pwsh = await StartAsync(fixture, containers, ContainerImages.PowerShell, "powershell-stop", environment);
            foreach (var container in containers) await container.WaitStartedAsync(StartDeadline);

            var submission = await database.Client.SubmitAsync("noop",
                new JsonObject { ["tasks"] = Tasks, ["delay_ms"] = DelayMs, ["label"] = fixture.RunId });
            var jobId = submission.Job.JobId;
            async Task<Dictionary<string, TaskRecord>> TasksAsync() =>
                (await database.Client.ListTasksAsync(jobId)).ToDictionary(t => t.TaskId);
            async Task<string> DescribeAsync() =>
                $"tasks: {await JobLedger.StatusesAsync(database.Store, jobId)}\n" +
                string.Join('\n', await Task.WhenAll(containers.Select(c => c.DescribeAsync())));

            // Who the processes are, read while the workers work (and before any is stopped).
            var identities = new List<ProcessIdentity>();
            foreach (var container in containers) identities.Add(await ProcessIdentity.ReadAsync(container));

            // Full victims claim nothing more until a task ends (12 s on): what they hold now is what they hold when hit.
            WorkerContainer[] victims = [stopped, killed, pwsh];
            var snapshot = new Dictionary<string, TaskRecord>();
            await Waits.UntilAsync($"every container to be stopped or killed runs {Concurrency} tasks", StartDeadline, async () =>
            {
                snapshot = await TasksAsync();
                return victims.All(v => Held(snapshot, v).Count == Concurrency);
            }, DescribeAsync);

            var heldByKilled = Held(snapshot, killed);
            var heldByStopped = Held(snapshot, stopped);
            var heldByPwsh = Held(snapshot, pwsh);
            var sinceKill = Stopwatch.StartNew();
            await killed.KillAsync();
            var stopTook = await Task.WhenAll(stopped.StopAsync(StopTimeoutSeconds), pwsh.StopAsync(StopTimeoutSeconds));

            TimeSpan? requeued = null;
            var ranAgain = TimeSpan.Zero;
            await Waits.UntilAsync("a task of the killed container is claimed again (its lease expired, the janitor queued it)", JobDeadline, async () =>
            {
                var tasks = await TasksAsync();
                // Queued again by a janitor; a worker with a free slot may claim it before this poll sees it queued.
                if (heldByKilled.Any(h => tasks[h.Key].Status == TaskRecordStatus.Queued)) requeued ??= sinceKill.Elapsed;
                if (!heldByKilled.Any(h => tasks[h.Key].Attempts > h.Value)) return false;
                ranAgain = sinceKill.Elapsed;
                requeued ??= ranAgain;
                return true;
            }, DescribeAsync);

            JobRecord job = submission.Job;
            await Waits.UntilAsync($"job {jobId} ends", JobDeadline, async () =>
                (job = await database.Client.GetJobAsync(jobId)).Status.IsTerminal(), DescribeAsync);
            await survivor.StopAsync(StopTimeoutSeconds);

            var logs = new Dictionary<WorkerContainer, string>();
            foreach (var container in containers) logs[container] = await container.LogsAsync();
            var outcome = new StopKillOutcome(
                job,
                await JobLedger.ReadAsync(database.Store, jobId, stages: 1),
                await TasksAsync(),
                [
                    new StoppedWorker(stopped, heldByStopped, stopTook[0], await stopped.ExitCodeAsync(), HandedBack(logs[stopped])),
                    new StoppedWorker(pwsh, heldByPwsh, stopTook[1], await pwsh.ExitCodeAsync(), HandedBack(logs[pwsh])),
                ],
                new KilledWorker(killed, heldByKilled, requeued ?? ranAgain, ranAgain),
                survivor,
                await survivor.ExitCodeAsync(),
                identities,
                logs);
            Report(fixture, outcome);
            return outcome;
        }
        finally
        {
            // Now, not at the end of the run: the database is dropped next, and workers left running would only log errors.
            foreach (var container in containers) await container.RemoveAsync();
        }
    }

    private static async Task<WorkerContainer> StartAsync(ContainerFixture fixture, List<WorkerContainer> containers, string image, string role,
        IReadOnlyDictionary<string, string> environment)
    {
        var container = await WorkerContainer.RunAsync(fixture, image, role, environment);
        containers.Add(container);
        return container;
    }

    /// <summary>The tasks a container's worker runs now (processing under its lease), with their attempt counts.</summary>
    private static Dictionary<string, int> Held(IReadOnlyDictionary<string, TaskRecord> tasks, WorkerContainer container) =>
        tasks.Values
            .Where(t => t.Status == TaskRecordStatus.Processing && container.WorkerId is { } id && t.LeaseOwner?.StartsWith(id, StringComparison.Ordinal) == true)
            .ToDictionary(t => t.TaskId, t => t.Attempts);

    private static int HandedBack(string log) =>
        HandedBackLine().Match(log) is { Success: true } match ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;

    private static void Report(ContainerFixture fixture, StopKillOutcome outcome)
    {
        foreach (var stop in outcome.Stopped)
            fixture.Say($"stop/kill: docker stop {stop.Container.Name} ({stop.Container.Image}) to exit: {stop.StopTook.TotalSeconds:F1} s " +
                $"(grace {GraceSeconds} s, docker stop -t {StopTimeoutSeconds}), exit {stop.ExitCode}, held {stop.Held.Count} task(s), handed back {stop.HandedBack}");
        fixture.Say($"stop/kill: docker kill {outcome.Killed.Container.Name}: held {outcome.Killed.Held.Count} task(s); the first was queued again " +
            $"{outcome.Killed.RequeuedAfter.TotalSeconds:F1} s after the kill (lease 30 s, janitor every 5 s) and ran again after {outcome.Killed.RanAgainAfter.TotalSeconds:F1} s (a free slot)");
        fixture.Say($"stop/kill: job {outcome.Job.JobId[..16]} {StatusNames.ToName(outcome.Job.Status)}: {outcome.Ledger.Completed}/{outcome.Ledger.Tasks} tasks completed, " +
            $"{outcome.Ledger.AttemptsSum} attempts counted, in {(outcome.Job.Completed - outcome.Job.Created)?.TotalSeconds:F1} s");
    }

    // WorkerShutdown: "Handed back {Count} task(s): they are queued again, their attempts not counted".
    [GeneratedRegex(@"Handed back (?<n>\d+) task\(s\)")]
    private static partial Regex HandedBackLine();
}
