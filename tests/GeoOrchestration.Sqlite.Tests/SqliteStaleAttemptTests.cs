using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A worker may report only on the attempt it still holds (the SQLite side of the PostgreSQL
/// StaleAttemptTests). Its lease lapses, the janitor requeues the task, another worker (or the same
/// one) may claim it again; the first worker's late failure, retry, release, cancel and heartbeat
/// must leave the newer attempt and the job alone. Leases lapse on the store's manual clock.
/// </summary>
public sealed class SqliteStaleAttemptTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IGeoStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private async Task<TaskRecord> TaskAsync(string jobId, string taskId) =>
        (await _store.TaskListAsync(new TaskListParams(jobId), default)).Single(t => t.TaskId == taskId);

    [Fact]
    public async Task TaskFail_OfATaskThatEnded_IsNotRunning()
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 1);
        var claimed = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default));
        await new EngineSteps(_store).TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, null), default);

        var outcome = await new EngineSteps(_store).TaskFailAsync(new TaskFailParams(claimed.TaskId!, "w", claimed.Attempt, "System.IO.IOException", "late", null), default);

        Assert.Equal(TaskFailStatus.NotRunning, outcome.Status);
        Assert.Equal(JobStatus.Processing, (await new EngineSteps(_store).JobGetAsync(jobId, default))!.Status);
    }

    [Fact]
    public async Task WorkLeaseRenew_OfTheClaimItHolds_ExtendsItsLease()
    {
        await _store.JobSubmitAsync(StoreFolder.Job(), default);
        var held = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("p", 10, TimeSpan.FromSeconds(3)), default));

        await _store.LeaseRenewAsync(new LeaseRenewParams("p", [], TimeSpan.FromHours(1), [held]), default);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await _store.WorkClaimAsync(new WorkClaimParams("q", 10, LongLease), default));
    }
}
