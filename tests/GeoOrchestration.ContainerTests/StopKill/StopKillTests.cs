using System.Text.RegularExpressions;
using GeoOrchestration.ContainerTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.ContainerTests.StopKill;

/// <summary>
/// Worker containers stopped and killed mid-task (<see cref="StopKillScenario"/>, run once): what
/// the store, the engine and the containers' own logs say happened.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class StopKillTests(ContainerFixture fixture)
{
    [Fact]
    public async Task DockerStop_WhileTasksRun_ExitsZeroWithinTheGraceAndHandsTheTasksBackWithoutCountingTheAttempt()
    {
        var outcome = await StopKillScenario.RunOnceAsync(fixture);

        Assert.All(outcome.Stopped, stop =>
        {
            // 0 is the worker's own exit after its hand-back; docker stop's SIGKILL at the bound would give 137.
            Assert.True(stop.ExitCode == 0, $"{stop.Container.Name} ({stop.Container.Image}) exited {stop.ExitCode} on docker stop");
            Assert.True(stop.HandedBack >= 1, $"{stop.Container.Name} logged no hand-back, though it held {stop.Held.Count} task(s) of {StopKillScenario.DelayMs} ms");
            var handedBack = 0;
            foreach (var (taskId, attempts) in stop.Held)
            {
                var task = outcome.Tasks[taskId];
                // A hand-back is not an attempt: the attempt it had is the attempt it was completed by.
                Assert.True(task.Attempts == attempts, $"{taskId}, held by {stop.Container.Name} at attempt {attempts}, ended with {task.Attempts} attempts");
                Assert.Equal(task.Attempts, task.Result!["attempt"]!.GetValue<int>());
                if (task.Result["worker"]!.GetValue<string>() != stop.Container.WorkerId) handedBack++;
            }
            // The store agrees with the log: the tasks others completed are the ones it said it handed back.
            Assert.Equal(stop.HandedBack, handedBack);
        });
    }

    [Fact]
    public async Task DockerKill_WhileTasksRun_TheTasksRunAgainElsewhereOnceTheirLeasesExpire()
    {
        var outcome = await StopKillScenario.RunOnceAsync(fixture);
        var killed = outcome.Killed;

        Assert.NotEmpty(killed.Held);
        foreach (var (taskId, attempts) in killed.Held)
        {
            var task = outcome.Tasks[taskId];
            // The lost lease counts as an attempt; the janitor queued the task again and another worker completed it.
            Assert.True(task.Attempts == attempts + 1, $"{taskId}, held by the killed {killed.Container.Name} at attempt {attempts}, ended with {task.Attempts} attempts");
            Assert.Equal(task.Attempts, task.Result!["attempt"]!.GetValue<int>());
            Assert.NotEqual(killed.Container.WorkerId, task.Result["worker"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Job_WithWorkerContainersStoppedAndKilledMidTask_CompletesEveryTaskExactlyOnce()
    {
        var outcome = await StopKillScenario.RunOnceAsync(fixture);

        Assert.True(outcome.Job.Status == JobStatus.Completed, $"job ended {outcome.Job.Status}: {outcome.Job.Error}");
        outcome.Ledger.AssertEveryTaskCompletedOnce(StopKillScenario.Tasks, stages: 1);
        Assert.Equal(0, outcome.SurvivorExitCode);
        // Every container took part: the PowerShell worker claimed work as the geoorch workers did.
        Assert.All(outcome.Stopped, s => Assert.NotEmpty(s.Held));
        Assert.Contains(outcome.Tasks.Values, t => t.Result!["worker"]!.GetValue<string>() == outcome.Survivor.WorkerId);
    }

    [Fact]
    public async Task WorkerContainers_OfBothImages_RunTheWorkerItselfAsPid1AsTheNonRootUser()
    {
        var outcome = await StopKillScenario.RunOnceAsync(fixture);

        Assert.Equal(4, outcome.Identities.Count);
        Assert.All(outcome.Identities, identity =>
        {
            var image = outcome.Logs.Keys.Single(c => c.Name == identity.Container).Image;
            // Exec form: the worker is PID 1 and gets docker stop's SIGTERM itself (a shell form's PID 1 is sh).
            Assert.Equal(image == ContainerImages.PowerShell ? "pwsh" : "geoorch", identity.Pid1Name);
            Assert.False(identity.ConfigUser is "" or "root" or "0" || identity.ConfigUser.StartsWith("0:", StringComparison.Ordinal)
                || identity.ConfigUser.StartsWith("root:", StringComparison.Ordinal), $"the image's user: {identity}");
            Assert.True(identity.Pid1Uids.All(u => u == ContainerImages.AppUid), $"PID 1's UIDs: {identity}");
            Assert.NotEmpty(identity.Processes);
            Assert.True(identity.Processes.All(p => p.Uid == ContainerImages.AppUid), $"processes: {identity}");
        });
    }

    [Fact]
    public async Task DockerLogs_OfBothImages_AreOneTimestampedPlainLinePerEvent()
    {
        var outcome = await StopKillScenario.RunOnceAsync(fixture);

        Assert.All(outcome.Logs, log =>
        {
            Assert.True(WorkerLogLines.Lines(log.Value).Count > 0, $"{log.Key.Name} logged nothing");
            var problems = WorkerLogLines.Problems(log.Value);
            Assert.True(problems.Count == 0, $"{log.Key.Name} ({log.Key.Image}) logged lines that are not one plain timestamped event:\n{string.Join('\n', problems)}");
        });
        // The events of a graceful stop, each on its line, from both images, with the configuration
        // the environment gave (GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE; the images' own defaults differ).
        Assert.All(outcome.Stopped, stop =>
        {
            var lines = WorkerLogLines.Lines(outcome.Logs[stop.Container]);
            Assert.Contains(lines, l => l.Contains(" info Worker ") && l.Contains(" started: ") && Regex.IsMatch(l, $@"; concurrency {StopKillScenario.Concurrency}(\D|$)"));
            Assert.Contains(lines, l => l.Contains(" stop requested (SIGTERM)") && l.Contains($" get {StopKillScenario.GraceSeconds} s to finish"));
            Assert.Contains(lines, l => l.Contains(" Handed back "));
            Assert.Contains(lines, l => l.Contains(" info Worker ") && l.Contains(" stopped after "));
        });
    }
}
