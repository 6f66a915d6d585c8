using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// One stage_completed per stage whatever happens, none while the job has ended (the SQLite side of
/// the PostgreSQL StageEventTests): tasks that were running when their job timed out or was
/// cancelled still complete, and the retry advances. Time moves on the store's manual clock.
/// </summary>
public sealed class SqliteStageEventTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IGeoStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>Plans the job's stage 1 and claims its tasks under a long lease, as a worker running them would.</summary>
    private async Task<(string JobId, List<PlannedTask> Tasks)> RunningAsync(int size, TimeSpan? jobTimeout = null)
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, size, jobTimeout: jobTimeout);
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("runner", 100, TimeSpan.FromMinutes(5)), default);
        Assert.Equal(size, claimed.Count(i => i.JobId == jobId));
        return (jobId, tasks);
    }

    [Fact]
    public async Task LastCompletionRacingACancel_TheStageCompletedEventNeverFollowsTheCancel()
    {
        // One writer at a time: the completion that closes the stage and the cancel are ordered
        // whole, so the stage either advanced before the job ended (its event first) or not at all.
        for (var i = 0; i < 20; i++)
        {
            var (jobId, tasks) = await RunningAsync(1);
            var other = _folder.Store(_time);
            await Task.WhenAll(
                Task.Run(() => new EngineSteps(_store).TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, null), default)),
                Task.Run(() => new EngineSteps(other).JobCancelAsync(jobId, "race", default)));

            var kinds = (await _store.JobEventListAsync(new JobEventListParams(jobId), default))
                .Where(e => e.Kind is JobEventKind.StageCompleted or JobEventKind.Cancelled).Select(e => e.Kind).ToList();
            Assert.True(kinds.SequenceEqual([JobEventKind.Cancelled]) || kinds.SequenceEqual([JobEventKind.StageCompleted, JobEventKind.Cancelled]),
                string.Join(", ", kinds));
        }
    }
}
