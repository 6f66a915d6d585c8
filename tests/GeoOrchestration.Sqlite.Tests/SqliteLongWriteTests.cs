using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A write that holds the file's lock long gives that time back to the leases it kept from being
/// renewed (SqliteStore.LongWrites.cs): exactly the time, only to leases still running when it took
/// the lock, to tasks and control items alike. The write "holds the lock" for a span of the store's
/// manual clock; the conformance suite's large-plan test shows the same with real time and workers.
/// </summary>
public sealed class SqliteLongWriteTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private IGeoStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>A write transaction during which the store's clock moves on by <paramref name="held"/>.</summary>
    private Task HoldTheLockAsync(TimeSpan held) =>
        _store.ExecuteAsync((_, _) =>
        {
            _time.Advance(held);
            return Task.FromResult(0);
        }, default);

    private async Task<TaskRecord> TaskAsync(string jobId, string taskId) =>
        (await _store.TaskListAsync(new TaskListParams(jobId), default)).Single(t => t.TaskId == taskId);

    [Fact]
    public async Task LongWrite_LeasesRunningWhenItTookTheLock_GetItsTimeBackAndTheJanitorTakesOnlyTheOneThatHadLapsed()
    {
        var (jobId, _) = await StoreDriver.PlannedAsync(_store, 2);
        var alive = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("alive", 1, TimeSpan.FromSeconds(10)), default));
        var dead = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("dead", 1, TimeSpan.FromSeconds(1)), default));
        _time.Advance(TimeSpan.FromSeconds(2));

        await HoldTheLockAsync(TimeSpan.FromSeconds(30));
        var janitor = await new EngineSteps(_store).JanitorRunAsync(default);

        var kept = await TaskAsync(jobId, alive.TaskId!);
        Assert.Equal((TaskRecordStatus.Processing, Start + TimeSpan.FromSeconds(40), 1), (kept.Status, kept.LeaseExpires, kept.Attempts));
        Assert.Equal(1, janitor!.LeasesRescued);
        var lapsed = await TaskAsync(jobId, dead.TaskId!);
        Assert.Equal((TaskRecordStatus.Queued, "LeaseExpired"), (lapsed.Status, lapsed.ErrorType));
    }

    [Fact]
    public async Task LongWrite_PlanItemLeasedWhenItTookTheLock_StaysLeasedToItsPlanner()
    {
        await _store.JobSubmitAsync(StoreFolder.Job(), default);
        Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromSeconds(10)), default));

        await HoldTheLockAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(await _store.WorkClaimAsync(new WorkClaimParams("other", 1, TimeSpan.FromSeconds(10)), default));
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("other", 1, TimeSpan.FromSeconds(10)), default));
    }

    [Fact]
    public async Task ShortWrite_UnderTheThreshold_LeavesLeasesAsTheyWere()
    {
        var (jobId, _) = await StoreDriver.PlannedAsync(_store, 1);
        var held = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("w", 1, TimeSpan.FromSeconds(10)), default));

        await HoldTheLockAsync(SqliteStore.GiveBackAfter - TimeSpan.FromMilliseconds(1));

        Assert.Equal(Start + TimeSpan.FromSeconds(10), (await TaskAsync(jobId, held.TaskId!)).LeaseExpires);
    }
}
