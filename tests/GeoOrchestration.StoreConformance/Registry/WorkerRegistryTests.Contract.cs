using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.StoreConformance;

/// <summary>The registry's store primitives, on a clock the test pins (the store's clock stamps every time).</summary>
public abstract partial class WorkerRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task WorkerRegister_ThenList_HoldsEveryFieldStampedWithTheStoresClock()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);

        await store.WorkerRegisterAsync(Registration("w1", uptime: TimeSpan.FromSeconds(90)), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(4));
        var worker = Assert.Single(await ListAsync(store));

        Assert.Equal(("w1", "host-a", 4242, "1.2.3+abcdef0", 8, "poll every 5s", 2, false),
            (worker.WorkerId, worker.Host, worker.ProcessId, worker.Version, worker.Concurrency, worker.Transport, worker.Running, worker.Stopping));
        Assert.Equal(["hello_world", "noop"], worker.JobTypes);
        // Started: the store's now less the uptime the worker gave; ages by the store's clock at the read.
        Assert.Equal(T0 - TimeSpan.FromSeconds(90), worker.Started);
        Assert.Equal(T0, worker.Heartbeat);
        Assert.Equal(T0 + Expiry, worker.ExpiresAt);
        Assert.Equal(T0 + TimeSpan.FromSeconds(4), worker.ReadAt);
        Assert.Equal(TimeSpan.FromSeconds(4), worker.HeartbeatAge);
        Assert.Equal(WorkerState.Running, worker.State);
    }

    [Fact]
    public async Task WorkerRegister_Again_ReplacesTheRow()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1", host: "old", pid: 1), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));

        await store.WorkerRegisterAsync(Registration("w1", host: "new", pid: 2, uptime: TimeSpan.FromMinutes(10), jobTypes: ["only"]), CancellationToken.None);

        var worker = Assert.Single(await ListAsync(store));
        Assert.Equal(("new", 2, T0, T0 + TimeSpan.FromMinutes(10)), (worker.Host, worker.ProcessId, worker.Started, worker.Heartbeat));
        Assert.Equal(["only"], worker.JobTypes);
    }

    [Fact]
    public async Task WorkerHeartbeat_MovesHeartbeatAndExpiry_AndStoresRunningAndStopping()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        var found = await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("w1", Instance, TimeSpan.FromSeconds(7), Running: 5, Stopping: true), CancellationToken.None);

        Assert.True(found);
        var worker = Assert.Single(await ListAsync(store));
        Assert.Equal((T0 + TimeSpan.FromSeconds(10), T0 + TimeSpan.FromSeconds(17), 5, true, WorkerState.Stopping),
            (worker.Heartbeat, worker.ExpiresAt, worker.Running, worker.Stopping, worker.State));
        Assert.Equal(T0, worker.Started);
    }

    [Fact]
    public async Task WorkerHeartbeat_OfAnUnregisteredWorker_IsRefused_AndWritesNothing()
    {
        await Store.WorkerRegisterAsync(Registration("w1"), CancellationToken.None);
        var before = await ListAsync();

        var found = await Store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("nobody", Instance, Expiry, 1, false), CancellationToken.None);

        Assert.False(found);
        Assert.Equal(before.Select(w => (w.WorkerId, w.Heartbeat, w.Running)), (await ListAsync()).Select(w => (w.WorkerId, w.Heartbeat, w.Running)));
    }

    [Fact]
    public async Task WorkerDeregister_RemovesOnlyThatWorker_AndSaysWhetherItWasThere()
    {
        await Store.WorkerRegisterAsync(Registration("w1"), CancellationToken.None);
        await Store.WorkerRegisterAsync(Registration("w2"), CancellationToken.None);

        var first = await Store.WorkerDeregisterAsync(new WorkerRef("w1"), CancellationToken.None);
        var again = await Store.WorkerDeregisterAsync(new WorkerRef("w1"), CancellationToken.None);

        Assert.True(first);
        Assert.False(again);
        Assert.Equal(["w2"], (await ListAsync()).Select(w => w.WorkerId));
    }

    [Fact]
    public async Task WorkerList_ReadsAWorkerAsLostOnceItsExpiryPassed()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1", expiry: TimeSpan.FromSeconds(10)), CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(9.9));
        var alive = (await FindAsync("w1", store))!;
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var lost = (await FindAsync("w1", store))!;

        Assert.Equal((false, WorkerState.Running), (alive.Lost, alive.State));
        Assert.Equal((true, WorkerState.Lost), (lost.Lost, lost.State));
    }

    [Fact]
    public async Task WorkerExpire_RemovesExactlyTheWorkersWhoseExpiryPassed_AndReturnsThem()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("short", host: "h1", expiry: TimeSpan.FromSeconds(10)), CancellationToken.None);
        await store.WorkerRegisterAsync(Registration("long", host: "h2", expiry: TimeSpan.FromSeconds(60)), CancellationToken.None);
        await store.WorkerRegisterAsync(Registration("revived", host: "h3", expiry: TimeSpan.FromSeconds(10)), CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(9));
        var early = await store.WorkerExpireAsync(CancellationToken.None);
        // A heartbeat before the janitor's round keeps a worker (compare-and-set on the expiry).
        Assert.True(await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("revived", Instance, TimeSpan.FromSeconds(10), 0, false), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await store.WorkerExpireAsync(CancellationToken.None);

        Assert.Empty(early);
        var removed = Assert.Single(expired);
        Assert.Equal(("short", "h1", T0, T0 + TimeSpan.FromSeconds(10)), (removed.WorkerId, removed.Host, removed.Heartbeat, removed.ExpiresAt));
        Assert.Equal(["long", "revived"], (await ListAsync(store)).Select(w => w.WorkerId).Order());
    }

    [Fact]
    public async Task WorkerHeartbeat_OfALostWorkerNotYetRemoved_RevivesIt()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("w1", expiry: TimeSpan.FromSeconds(10)), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await FindAsync("w1", store))!.Lost);

        Assert.True(await store.WorkerHeartbeatAsync(new WorkerHeartbeatParams("w1", Instance, TimeSpan.FromSeconds(10), 0, false), CancellationToken.None));

        Assert.False((await FindAsync("w1", store))!.Lost);
        Assert.Empty(await store.WorkerExpireAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WorkerList_OrdersByHostThenStartThenId()
    {
        var clock = new FakeTimeProvider(T0);
        var store = OpenStore(clock);
        await store.WorkerRegisterAsync(Registration("b-late", host: "b"), CancellationToken.None);
        await store.WorkerRegisterAsync(Registration("b-early", host: "b", uptime: TimeSpan.FromSeconds(5)), CancellationToken.None);
        await store.WorkerRegisterAsync(Registration("a-2", host: "a"), CancellationToken.None);
        await store.WorkerRegisterAsync(Registration("a-1", host: "a"), CancellationToken.None);

        Assert.Equal(["a-1", "a-2", "b-early", "b-late"], (await ListAsync(store)).Select(w => w.WorkerId));
    }

    [Fact]
    public async Task WorkerList_OfAStoreNobodyWorked_IsEmpty_NotUnknown()
    {
        var workers = await Store.WorkerListAsync(CancellationToken.None);

        Assert.NotNull(workers);
        Assert.Empty(workers);
    }
}
