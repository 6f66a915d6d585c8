using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>Real <c>geoorch worker</c> processes in the registry: listed with their pids, gone on SIGTERM, lost then removed after SIGKILL.</summary>
public abstract partial class WorkerRegistryTests
{
    private async Task<WorkerRecord?> ProcessAsync(WorkerProcess process) =>
        (await ListAsync()).SingleOrDefault(w => w.ProcessId == process.Id && w.Host == Environment.MachineName);

    [Fact]
    public async Task WorkerProcesses_AreListedWithTheirPids_AndOneStoppedWithSigterm_IsGoneAtOnce()
    {
        using var first = WorkerProcess.Start(["--concurrency", "2"], ProcessEnvironment);
        using var second = WorkerProcess.Start(["--concurrency", "5"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await ProcessAsync(first) is not null && await ProcessAsync(second) is not null, seconds: 90);

        var listed = await ListAsync();
        var json = await Geoorch.RunAsync(["workers", "--output", "json"], ProcessEnvironment);
        var table = await Geoorch.RunAsync(["workers", "--host", Environment.MachineName.ToUpperInvariant(), "--state", "running"], ProcessEnvironment);
        var exit = await first.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, listed.Count);
        Assert.Equal([(first.Id, 2), (second.Id, 5)], listed.Select(w => (w.ProcessId, w.Concurrency)).Order());
        Assert.All(listed, w => Assert.StartsWith($"{Environment.MachineName}:{w.ProcessId}:", w.WorkerId, StringComparison.Ordinal));
        // geoorch workers: the same workers, as JSON and as a table.
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal([(first.Id, 2), (second.Id, 5)], json.Json.AsArray()
            .Select(w => (w!["processId"]!.GetValue<int>(), w["concurrency"]!.GetValue<int>())).Order());
        Assert.All(json.Json.AsArray(), w => Assert.Equal(("running", Environment.MachineName), (w!["state"]!.GetValue<string>(), w["hostName"]!.GetValue<string>())));
        Assert.True(table.ExitCode == 0, table.Stderr);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^HOST\s+PID\s+STATE\s+RUNNING\s+UP\s+HEARTBEAT\s+VERSION\s+WORKER ID", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"\s{first.Id}\s+running\s+\d+/2\s+\d+[smhd]\s+\d+[smhd] ago\s"));
        Assert.Equal(3, lines.Length);
        Assert.True(exit == 0, $"geoorch worker exited {exit?.ToString() ?? "late"}.\n{first.Tail}");
        // Deregistered before it exited: no waiting for an expiry.
        Assert.Null(await ProcessAsync(first));
        Assert.NotNull(await ProcessAsync(second));
        Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task WorkerProcess_KilledWithSigkill_StaysListed_ReadsAsLostAfterItsExpiry_AndAJanitorRemovesIt()
    {
        // A 2 s lease: its registry row expires 6 s after its last heartbeat.
        using var victim = WorkerProcess.Start(["--lease", "2", "--janitor-interval", "0.2"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await ProcessAsync(victim) is not null, seconds: 90);

        await victim.CrashAsync();
        var afterKill = await ProcessAsync(victim);
        // Nobody runs a janitor now: the row stays, and reads as lost once its expiry passed.
        await Eventually.TrueAsync(async () => (await ProcessAsync(victim))?.Lost == true, seconds: 60);
        var lost = (await ProcessAsync(victim))!;
        using var janitor = WorkerProcess.Start(["--janitor-interval", "0.2"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await ProcessAsync(victim) is null, seconds: 90);

        Assert.NotNull(afterKill);
        Assert.True(lost.HeartbeatAge >= TimeSpan.FromSeconds(6), $"read as lost {lost.HeartbeatAge} after its last heartbeat");
        Assert.Equal(WorkerState.Lost, lost.State);
        Assert.Equal(0, await janitor.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task JobTasks_NamesTheWorkerProcessRunningATask_WithItsHostFromTheRegistry()
    {
        var job = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 1, ["delay_ms"] = 60_000 })).Job;
        using var worker = WorkerProcess.Start(["--shutdown-grace", "1"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await JobLedger.CountAsync(Store, job.JobId, Model.TaskRecordStatus.Processing) == 1, seconds: 90);
        await Eventually.TrueAsync(async () => await ProcessAsync(worker) is not null, seconds: 90);
        var registered = (await ProcessAsync(worker))!;

        var json = await Geoorch.RunAsync(["job", "tasks", job.JobId, "--output", "json"], ProcessEnvironment);
        var table = await Geoorch.RunAsync(["job", "tasks", job.JobId], ProcessEnvironment);
        await Client.CancelJobAsync(job.JobId, "test over");

        Assert.True(json.ExitCode == 0, json.Stderr);
        var task = Assert.Single(json.Json.AsArray())!;
        Assert.Equal((registered.WorkerId, Environment.MachineName), (task["worker"]!.GetValue<string>(), task["workerHost"]!.GetValue<string>()));
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"^TASK ID\s+STAGE\s+STATUS\s+ATTEMPTS\s+PROGRESS\s+WORKER\s+ERROR", table.Stdout);
        Assert.Contains(registered.WorkerId, table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Workers_WithNoneRegistered_SaysSoInALine_OrThatNoneMatches_AndJsonIsAnEmptyArray()
    {
        var empty = await Geoorch.RunAsync(["workers"], ProcessEnvironment);
        var emptyJson = await Geoorch.RunAsync(["workers", "--output", "json"], ProcessEnvironment);
        await Store.WorkerRegisterAsync(Registration("listed-worker"), CancellationToken.None);
        var unmatched = await Geoorch.RunAsync(["workers", "--state", "lost"], ProcessEnvironment);

        Assert.True(empty.ExitCode == 0, empty.Stderr);
        Assert.Equal("No worker is registered in this store: none is running, or none heartbeat since the last janitor round.", empty.Stdout.Trim());
        Assert.True(emptyJson.ExitCode == 0, emptyJson.Stderr);
        Assert.Empty(emptyJson.Json.AsArray());
        Assert.True(unmatched.ExitCode == 0, unmatched.Stderr);
        Assert.Equal("No registered worker matches the filters (1 registered: 'geoorch workers' lists them).", unmatched.Stdout.Trim());
        Assert.True(await Store.WorkerDeregisterAsync(new WorkerRef("listed-worker"), CancellationToken.None));
    }
}
