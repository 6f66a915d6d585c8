using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// One worker id, one live process: a worker id is a lease owner, so a second process with a live worker's id
/// would renew, complete and hand back the first one's leases as its own. The registry refuses it (compare-and-set
/// on the process's instance token), until the first reads as lost.
/// </summary>
public abstract partial class WorkerRegistryTests
{
    [Fact]
    public async Task WorkerRegister_OfAnotherProcess_WhileTheHolderLives_IsRefused_NamesTheHolder_AndWritesNothing()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1", host: "first-host", pid: 1, instance: "first"), CancellationToken.None);
        clock.Advance(Expiry - TimeSpan.FromSeconds(1));

        var holder = await store.WorkerRegisterAsync(Registration("w1", host: "second-host", pid: 2, instance: "second"), CancellationToken.None);

        Assert.NotNull(holder);
        Assert.Equal(("w1", "first-host", 1, T0, false), (holder.WorkerId, holder.Host, holder.ProcessId, holder.Heartbeat, holder.Lost));
        var row = Assert.Single(await ListAsync(store));
        Assert.Equal(("first-host", 1, T0, T0 + Expiry), (row.Host, row.ProcessId, row.Heartbeat, row.ExpiresAt));
        // The refused process neither moves nor removes the holder's row.
        Assert.False(await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("w1", "second", Expiry, 0, false), CancellationToken.None));
        Assert.False(await store.WorkerDeregisterAsync(new WorkerRef("w1", "second"), CancellationToken.None));
        Assert.Equal((T0, T0 + Expiry), (Assert.Single(await ListAsync(store)).Heartbeat, Assert.Single(await ListAsync(store)).ExpiresAt));
        // Its own process registers again as it likes (a heartbeat found its row gone, a retry).
        Assert.Null(await store.WorkerRegisterAsync(Registration("w1", host: "first-host", pid: 1, instance: "first"), CancellationToken.None));
    }

    [Fact]
    public async Task WorkerRegister_OfAnotherProcess_OnceTheHolderIsLost_TakesTheIdOver_AndTheOldProcessCannotTouchIt()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1", host: "crashed", pid: 1, instance: "old"), CancellationToken.None);
        clock.Advance(Expiry);

        var holder = await store.WorkerRegisterAsync(Registration("w1", host: "restarted", pid: 1, instance: "new"), CancellationToken.None);

        Assert.Null(holder);
        var row = Assert.Single(await ListAsync(store));
        Assert.Equal(("restarted", T0 + Expiry, false), (row.Host, row.Heartbeat, row.Lost));
        // The old process, had it only paused, finds its row gone: its heartbeat and removal write nothing, and it is refused in turn.
        Assert.False(await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("w1", "old", Expiry, 0, false), CancellationToken.None));
        Assert.False(await store.WorkerDeregisterAsync(new WorkerRef("w1", "old"), CancellationToken.None));
        Assert.Equal("restarted", (await store.WorkerRegisterAsync(Registration("w1", host: "crashed", instance: "old"), CancellationToken.None))?.Host);
        Assert.True(await store.WorkerDeregisterAsync(new WorkerRef("w1", "new"), CancellationToken.None));
        Assert.Empty(await ListAsync(store));
    }

    [Fact]
    public async Task Worker_StartedWithTheIdOfARunningWorker_IsRefused_AndTheFirstKeepsItsRow()
    {
        var options = TestOptions() with { WorkerId = "one-id-" + Guid.NewGuid().ToString("N")[..8] };
        await using var first = StartWorker(options);
        await Eventually.TrueAsync(async () => await FindAsync(options.WorkerId) is not null);
        var registered = (await FindAsync(options.WorkerId))!;

        var second = CreateWorker(options);
        var refused = await Assert.ThrowsAsync<GeoConflictException>(() => second.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal((WorkerRegistration.WorkerIdInUseId, options.WorkerId), (refused.ErrorId, refused.Target));
        Assert.Contains($"'{options.WorkerId}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"on {Environment.MachineName} (pid {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
        Assert.Contains("last heartbeat", refused.Message, StringComparison.Ordinal);
        Assert.Contains("another worker id", refused.Message, StringComparison.Ordinal);
        // The refused worker removed nothing as it stopped: the first is still listed, as it registered.
        Assert.Equal(registered.Started, (await FindAsync(options.WorkerId))?.Started);
        Assert.False(first.Running.IsCompleted);
        await first.StopAsync();
        Assert.Null(await FindAsync(options.WorkerId));
    }

    [Fact]
    public async Task WorkerProcess_WithTheIdOfALiveOne_ExitsWithConflict_AndOneRestartedAfterACrash_StartsOnceTheOldRowIsLost()
    {
        var id = "fixed-" + Guid.NewGuid().ToString("N")[..8];
        // A 1 s lease: the row reads as lost 3 s after the last heartbeat.
        using var first = WorkerProcess.Start(["--worker-id", id, "--lease", "1", "--no-janitor"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await ProcessAsync(first) is not null, seconds: 90);

        var refused = await Geoorch.RunAsync(["worker", "--worker-id", id], ProcessEnvironment);

        Assert.True(refused.ExitCode == 8, $"exit {refused.ExitCode}\n{refused.Stderr}");
        // The error is one line, and nothing before it says the refused worker started.
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("geoorch: ", StringComparison.Ordinal));
        Assert.DoesNotContain(" started: ", refused.Stderr + refused.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Worker id '{id}' is held by a live worker", line, StringComparison.Ordinal);
        Assert.Contains($"on {Environment.MachineName} (pid {first.Id}), last heartbeat", line, StringComparison.Ordinal);
        Assert.Equal(first.Id, (await FindAsync(id))?.ProcessId);
        Assert.False(first.HasExited);

        // Crashed: the id is free once the row reads as lost (no janitor here to remove it).
        await first.CrashAsync();
        await Eventually.TrueAsync(async () => (await FindAsync(id))?.Lost == true, seconds: 60);
        using var restarted = WorkerProcess.Start(["--worker-id", id], ProcessEnvironment);
        await Eventually.TrueAsync(async () => (await FindAsync(id))?.ProcessId == restarted.Id, seconds: 90);

        Assert.Equal(WorkerState.Running, (await FindAsync(id))!.State);
        Assert.Equal(0, await restarted.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.Null(await FindAsync(id));
    }

    [Fact]
    public async Task WorkerProcess_PausedPastItsExpiry_WhoseIdWasTakenOver_ExitsWithConflictOnResuming_AndTheNewHolderWorksOn()
    {
        var id = "paused-" + Guid.NewGuid().ToString("N")[..8];
        // A 2 s lease: the row reads as lost 6 s after the last heartbeat. It holds a task as it freezes.
        using var first = WorkerProcess.Start(["--worker-id", id, "--lease", "2", "--no-janitor"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => await ProcessAsync(first) is not null, seconds: 90);
        var held = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 1, ["delay_ms"] = 10_000 })).Job;
        await Eventually.TrueAsync(async () => await JobLedger.CountAsync(Store, held.JobId, Model.TaskRecordStatus.Processing) == 1, seconds: 90);

        await first.PauseAsync();
        WorkerProcess? resumed = null;
        try
        {
            // A second started while the first's row lives is refused (exit 8); once the row reads as lost, it takes the id over.
            await Eventually.TrueAsync(async () => (await FindAsync(id))?.Lost == true, seconds: 90);
            using var second = WorkerProcess.Start(["--worker-id", id, "--janitor-interval", "0.5"], ProcessEnvironment);
            await Eventually.TrueAsync(async () => (await FindAsync(id))?.ProcessId == second.Id || second.HasExited, seconds: 90);
            Assert.False(second.HasExited, second.Tail);
            resumed = first;
            await first.ResumeAsync();

            var exit = await first.ExitCodeWithinAsync(TimeSpan.FromSeconds(90));
            Assert.True(exit == 8, $"exit {exit?.ToString() ?? "none within 90 s"}\n{first.Tail}");
            var line = Assert.Single(first.Tail.Split('\n'), l => l.StartsWith("geoorch: ", StringComparison.Ordinal));
            Assert.Contains($"Worker id '{id}' was taken over by a worker on {Environment.MachineName} (pid {second.Id})", line, StringComparison.Ordinal);
            // The new holder keeps the id and its row, and works on: the frozen task returns to it, and a new job runs.
            Assert.False(second.HasExited, second.Tail);
            Assert.Equal(second.Id, (await FindAsync(id))?.ProcessId);
            var next = (await Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["tasks"] = 3 })).Job;
            await Eventually.TrueAsync(async () => (await Client.GetJobAsync(next.JobId)).Status == Model.JobStatus.Completed, seconds: 120);
            await Eventually.TrueAsync(async () => (await Client.GetJobAsync(held.JobId)).Status == Model.JobStatus.Completed, seconds: 120);
            Assert.False(second.HasExited, second.Tail);
            Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));
            Assert.Null(await FindAsync(id));
        }
        finally
        {
            // Never leave a frozen process behind a failed assertion: it would hold its file and never exit.
            if (resumed is null) await first.ResumeAsync();
        }
    }
}
