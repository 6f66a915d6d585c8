using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>Engine workers in the registry: registered while they run, gone when they stop, lost ones removed by a janitor.</summary>
public abstract partial class WorkerRegistryTests
{
    [Fact]
    public async Task Worker_WhileRunning_IsRegisteredWithItsDetails_AndDeregistersWhenStopped()
    {
        var options = TestOptions(concurrency: 3) with { WorkerId = "registry-test-worker" };
        var running = StartWorker(options);
        WorkerRecord? seen = null;
        await Eventually.TrueAsync(async () => (seen = await FindAsync(options.WorkerId)) is not null);

        await running.StopAsync();

        Assert.Equal((Environment.MachineName, Environment.ProcessId, 3, running.Worker.Transport, WorkerState.Running),
            (seen!.Host, seen.ProcessId, seen.Concurrency, seen.Transport, seen.State));
        Assert.Equal(Registry.JobTypes.Select(j => j.Name).Order(StringComparer.Ordinal), seen.JobTypes);
        Assert.StartsWith(typeof(Worker).Assembly.GetName().Version!.ToString(3), seen.Version, StringComparison.Ordinal);
        Assert.Null(await FindAsync(options.WorkerId));
    }

    [Fact]
    public async Task Worker_ExitingWhenIdle_Deregisters()
    {
        var options = TestOptions() with { ExitWhenIdle = TimeSpan.FromMilliseconds(300) };
        var worker = CreateWorker(options);
        var run = worker.RunAsync(CancellationToken.None);
        var registered = false;
        // Registered while it runs (it may exit before the first read on a slow machine: then this only checks the end).
        while (!run.IsCompleted && !registered) registered = await FindAsync(worker.WorkerId) is not null;

        await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(await FindAsync(worker.WorkerId));
    }

    [Fact]
    public async Task Worker_Heartbeats_StoreTheWorkItHolds()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["delay_ms"] = 60_000 });
        // A 1 s lease: a heartbeat every third of a second.
        await using var running = StartWorker(TestOptions(concurrency: 2) with { Lease = TimeSpan.FromSeconds(1) });

        await Eventually.TrueAsync(async () => (await FindAsync(running.Worker.WorkerId))?.Running == 2, seconds: 60);

        await Client.CancelJobAsync(submission.Job.JobId, "test over");
    }

    [Fact]
    public async Task Worker_WhoseRowWasRemoved_RegistersAgainAtItsNextHeartbeat()
    {
        await using var running = StartWorker(TestOptions() with { Lease = TimeSpan.FromSeconds(1) });
        await Eventually.TrueAsync(async () => await FindAsync(running.Worker.WorkerId) is not null);

        // As a janitor would after the worker missed its heartbeats (a paused VM, a store outage).
        Assert.True(await Store.WorkerDeregisterAsync(new WorkerRef(running.Worker.WorkerId), CancellationToken.None));

        await Eventually.TrueAsync(async () => await FindAsync(running.Worker.WorkerId) is not null);
    }

    [Fact]
    public async Task Janitor_RemovesAWorkerWhoseHeartbeatsStopped_AndKeepsTheLiveOnes()
    {
        // A worker that died 1 s after its last heartbeat's expiry was set, as a row the store holds.
        await Store.WorkerRegisterAsync(new WorkerRegisterParams("dead-worker", "dead-process", "gone-host", 1, "0.0.1", ["noop"], 1, "poll",
            TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None);
        await Eventually.TrueAsync(async () => (await FindAsync("dead-worker"))?.Lost == true);

        await using var janitor = StartWorker();

        await Eventually.TrueAsync(async () => await FindAsync("dead-worker") is null);
        Assert.NotNull(await FindAsync(janitor.Worker.WorkerId));
    }

    [Fact]
    public async Task Worker_WithoutJanitorDuty_LeavesLostWorkersListed()
    {
        await Store.WorkerRegisterAsync(new WorkerRegisterParams("dead-worker", "dead-process", "gone-host", 1, "0.0.1", ["noop"], 1, "poll",
            TimeSpan.Zero, TimeSpan.FromMilliseconds(200)), CancellationToken.None);
        await using var running = StartWorker(TestOptions() with { RunJanitor = false, Lease = TimeSpan.FromSeconds(1) });
        await Eventually.TrueAsync(async () => await FindAsync(running.Worker.WorkerId) is not null);

        // Several of its heartbeats later: only a janitor round removes lost workers.
        var before = (await FindAsync(running.Worker.WorkerId))!.Heartbeat;
        await Eventually.TrueAsync(async () => (await FindAsync(running.Worker.WorkerId))!.Heartbeat >= before + TimeSpan.FromSeconds(1));

        Assert.True((await FindAsync("dead-worker"))?.Lost);
    }
}
