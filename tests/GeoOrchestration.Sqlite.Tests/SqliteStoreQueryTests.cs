using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// The store's queries: job id prefixes, a job's events, stages and pending work, when the next
/// retry falls due, and text as the engine hands it over. Time is the store's manual clock.
/// </summary>
public sealed class SqliteStoreQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private IGeoStore _store = null!;
    private EngineSteps Steps => new(_store);

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>Two jobs whose ids share their first 20 characters (no real request collides so early).</summary>
    private async Task<(string First, string Second)> TwinsAsync()
    {
        var stem = Guid.NewGuid().ToString("N")[..20];
        var first = stem + new string('1', 44);
        var second = stem + new string('2', 44);
        foreach (var id in new[] { second, first })
            await _store.JobSubmitAsync(new JobSubmitParams(id, "noop", new JsonObject { ["label"] = id }, 1), default);
        return (first, second);
    }

    [Fact]
    public async Task JobFind_Prefix_ReturnsOnlyIdsStartingWithItInIdOrder()
    {
        var (first, second) = await TwinsAsync();
        await _store.JobSubmitAsync(StoreFolder.Job(), default);

        Assert.Equal([first, second], await _store.JobFindAsync(new JobFindParams(first[..20], 10), default));
        Assert.Equal([second], await _store.JobFindAsync(new JobFindParams(second[..21], 10), default));
        Assert.Equal([first], await _store.JobFindAsync(new JobFindParams(first[..20], 1), default));
        Assert.Empty(await _store.JobFindAsync(new JobFindParams("ffffffffffff0000", 10), default));
    }

    [Fact]
    public async Task GetJob_ByAPrefixInUpperCase_FindsItAndAnAmbiguousOneIsRefused()
    {
        await using var client = new GeoClient(_store, JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        var job = (await client.SubmitAsync("noop", new JsonObject { ["label"] = "prefix" })).Job;
        var (first, _) = await TwinsAsync();

        Assert.Equal(job.JobId, (await client.GetJobAsync(job.JobId[..8].ToUpperInvariant())).JobId);
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => client.GetJobAsync(first[..10]));
        Assert.Equal(("job_id", "ambiguous"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public async Task JobEventListStageListWorkList_AlongAJob_TellItsProgress()
    {
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);
        await Steps.TaskCompleteBatchAsync(claimed.Select(c => new TaskCompleteParams(c.TaskId!, null)).ToList(), default);

        var events = await _store.JobEventListAsync(new JobEventListParams(jobId), default);
        var stage = Assert.Single(await _store.StageListAsync(new StageListParams(jobId), default));
        var work = Assert.Single(await _store.WorkListAsync(new WorkListParams(jobId), default));

        Assert.Equal([JobEventKind.Submitted, JobEventKind.StagePlanned, JobEventKind.StageCompleted], events.Select(e => e.Kind));
        Assert.Equal((null, 1, 1), (events[0].Stage, events[1].Stage, events[2].Stage));
        Assert.Equal(2, events[1].Detail!["tasks"]!.GetValue<int>());
        Assert.Equal((Start, Start.AddSeconds(1)), (events[0].OccurredAt, events[2].OccurredAt));
        Assert.Equal(new StageRecord(jobId, 1, 2, 0, Start, Start.AddSeconds(1), Start.AddSeconds(1)), stage);
        Assert.Equal(new WorkRecord(jobId, WorkKind.PlanStage, 2, 0, null, Start.AddSeconds(1), null), work);
        Assert.Equal([JobEventKind.StageCompleted],
            (await _store.JobEventListAsync(new JobEventListParams(jobId, JobEventKind.StageCompleted, 1), default)).Select(e => e.Kind));
        Assert.Empty(await _store.JobEventListAsync(new JobEventListParams(jobId, Stage: 2), default));
        Assert.Equal(tasks.Count, stage.TaskCount);
    }

    [Fact]
    public async Task WorkList_OfAllJobs_IsOrderedByJobThenKindThenStageWithTheLeaseHolder()
    {
        var a = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job.JobId;
        var b = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job.JobId;
        var claimed = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("w", 1, TimeSpan.FromMinutes(1)), default));

        var work = await _store.WorkListAsync(new WorkListParams(), default);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), work.Select(w => w.JobId));
        var held = work.Single(w => w.JobId == claimed.JobId);
        Assert.Equal(("w", 1, Start.AddMinutes(1)), (held.LeaseOwner, held.Attempts, held.LeaseExpiresAt));
    }

    [Fact]
    public async Task WorkClaim_WithARetryScheduled_TellsWhenItFallsDueByTheStoreClock()
    {
        var (_, tasks) = await StoreDriver.PlannedAsync(_store, 2);
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("w", 1, TimeSpan.FromMinutes(1)), default);
        Assert.Null(claimed.NextDue); // the other task is claimable now, not later
        await Steps.TaskFailAsync(new TaskFailParams(claimed[0].TaskId!, "w", 1, "System.IO.IOException", "flaky", TimeSpan.FromSeconds(10)), default);
        _time.Advance(TimeSpan.FromSeconds(4));

        // The claim takes the other task, and the retry is due 6 s later: both from one transaction.
        var taking = await _store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);
        // Nothing claimable: the read that finds nothing tells the same.
        var idle = await _store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);
        _time.Advance(TimeSpan.FromSeconds(6));
        var due = await _store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);

        Assert.Equal((tasks[1].TaskId, TimeSpan.FromSeconds(6)), (Assert.Single(taking).TaskId, taking.NextDue));
        Assert.Equal((0, TimeSpan.FromSeconds(6)), (idle.Count, idle.NextDue));
        Assert.Equal((tasks[0].TaskId, 2, (TimeSpan?)null), (Assert.Single(due).TaskId, due[0].Attempt, due.NextDue));
    }

    [Fact]
    public async Task TextTheEngineHandsOver_EscapedNulsPairsAndControlCharacters_IsStoredAsIs()
    {
        // The engine refuses NUL and lone surrogates (StorableText) and escapes them in diagnostics;
        // what it does hand over, the store must keep exactly.
        var (jobId, tasks) = await StoreDriver.PlannedAsync(_store, 2);
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("w", 10, TimeSpan.FromMinutes(1)), default);
        var message = StorableText.Escape("bad \0 byte, lone \ud800, pair \ud83c\udf0d, tab\t, C:\\path");
        var result = new JsonObject { ["text"] = "\u0001 \u001f \ud83c\udf0d \"quoted\" \\u0000" };

        await _store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(tasks[0].TaskId, 1, 12.5, message)], TimeSpan.FromMinutes(1)), default);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, result), default);
        await Steps.TaskFailAsync(new TaskFailParams(tasks[1].TaskId, "w", claimed.Single(c => c.TaskId == tasks[1].TaskId).Attempt,
            "System.IO.IOException", message, TimeSpan.Zero), default);

        var stored = await _store.TaskListAsync(new TaskListParams(jobId), default);
        Assert.Equal(@"bad \u0000 byte, lone \ud800, pair 🌍, tab	, C:\path", message);
        Assert.Equal(message, stored[0].ProgressMessage);
        Assert.True(JsonNode.DeepEquals(result, stored[0].Result));
        Assert.Equal(message, stored[1].ErrorMessage);
    }
}
