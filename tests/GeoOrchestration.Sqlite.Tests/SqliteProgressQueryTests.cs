using System.Text.Json.Nodes;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>What front ends read to page through jobs and watch them: the job list's filters and cursor, stage progress, worker activity.</summary>
public sealed class SqliteProgressQueryTests : IAsyncLifetime
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

    private async Task<string> SubmitAsync(string label)
    {
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(label))).ToLowerInvariant();
        await _store.JobSubmitAsync(new JobSubmitParams(id, "noop", new JsonObject { ["label"] = label }, 1), default);
        return id;
    }

    [Fact]
    public async Task JobList_CreatedSinceAndCursor_PageThroughNewestFirstWithoutRepeats()
    {
        var old = await SubmitAsync("old");
        _time.Advance(TimeSpan.FromMinutes(10));
        var a = await SubmitAsync("a");
        var b = await SubmitAsync("b");
        _time.Advance(TimeSpan.FromMinutes(1));
        var newest = await SubmitAsync("newest");

        var since = await _store.JobListAsync(new JobListParams(CreatedSince: Start.AddMinutes(5), Limit: 10), default);
        Assert.Equal([newest, .. new[] { a, b }.Order(StringComparer.Ordinal)], since.Select(j => j.JobId));

        var first = await _store.JobListAsync(new JobListParams(Limit: 2), default);
        var last = first[^1];
        var second = await _store.JobListAsync(new JobListParams(Limit: 10, Before: new JobListCursor(last.Created, last.JobId)), default);
        var all = first.Concat(second).Select(j => j.JobId).ToList();
        Assert.Equal(4, all.Distinct().Count());
        Assert.Equal(old, all[^1]);
    }

    [Fact]
    public async Task WorkerActivity_NoWorkerYet_IsNullThenALiveLeaseIsSeen()
    {
        await SubmitAsync("activity");
        Assert.Null((await _store.WorkerActivityAsync(default))!.LastSeen);

        await _store.WorkClaimAsync(new WorkClaimParams("w1", 10, TimeSpan.FromMinutes(1)), default);

        var activity = await _store.WorkerActivityAsync(default);
        Assert.Equal(Start, activity!.Now);
        Assert.Equal(Start, activity.LastSeen);
    }
}
