using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// SQLite's read paths through the shared row mapping, at the edges of its storage: NULL columns
/// (no result, no progress, no timeouts) read as null, and INTEGER milliseconds read back as the
/// exact times and spans written. (NaN progress cannot reach a row: SQLite stores NaN as NULL, and
/// the engine refuses a non-finite progress before that.)
/// </summary>
public sealed class SqliteRowMappingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 7, TimeSpan.Zero);
    private static readonly WorkClaimParams Claim = new("worker-1", 10, TimeSpan.FromSeconds(30));
    private readonly StoreFolder _folder = new();
    private readonly ManualTime _time = new(Start);
    private SqliteStore _store = null!;
    private EngineSteps Steps => new(_store);

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task Reads_NullColumns_MapToNull()
    {
        var jobId = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job.JobId;
        await _store.WorkClaimAsync(Claim with { Limit = 1 }, default);
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 1, StoreFolder.Tasks(jobId, 1, 2)), default);
        var claimed = await _store.WorkClaimAsync(Claim, default);
        var (first, second) = (claimed[0], claimed[1]);
        await _store.LeaseRenewAsync(new LeaseRenewParams("worker-1",
            [new TaskHeartbeat(first.TaskId!, first.Attempt, 37.25, "a quarter and then some"), new TaskHeartbeat(second.TaskId!, second.Attempt, null, null)],
            TimeSpan.FromSeconds(30)), default);

        var job = await Steps.JobGetAsync(jobId, default);
        var tasks = await _store.TaskListAsync(new TaskListParams(jobId), default);
        await Steps.TaskCompleteBatchAsync([new TaskCompleteParams(first.TaskId!, null), new TaskCompleteParams(second.TaskId!, new JsonObject { ["v"] = 1 })], default);
        var results = await Steps.StageResultsAsync(jobId, 1, default);

        Assert.Equal((null, null, null, null, null, null), (job!.TaskTimeout, job.JobTimeout, job.Deadline, job.Completed, job.Result, job.Error));
        var (withProgress, without) = (tasks.Single(t => t.TaskId == first.TaskId), tasks.Single(t => t.TaskId == second.TaskId));
        Assert.Equal((37.25, "a quarter and then some"), (withProgress.ProgressPercent, withProgress.ProgressMessage));
        Assert.Equal((null, null, null, null, null), (without.ProgressPercent, without.ProgressMessage, without.Timeout, without.Result, without.ErrorType));
        Assert.Equal(Start, without.Claimed);
        Assert.Null(results.Single(r => r.TaskId == first.TaskId).Result);
        Assert.Equal("""{"v":1}""", results.Single(r => r.TaskId == second.TaskId).Result!.ToJsonString());
    }

    [Fact]
    public async Task JobGetAndList_TimesAndSpans_ReadBackExactly()
    {
        var submitted = StoreFolder.Job(taskTimeout: TimeSpan.FromMilliseconds(1_500), jobTimeout: TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1));
        await _store.JobSubmitAsync(submitted, default);

        var job = await Steps.JobGetAsync(submitted.JobId, default);
        var listed = Assert.Single(await _store.JobListAsync(new JobListParams(), default));

        Assert.Equal((TimeSpan.FromMilliseconds(1_500), TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1)), (job!.TaskTimeout, job.JobTimeout));
        Assert.Equal((Start, Start, Start + job.JobTimeout), (job.Created, job.Updated, job.Deadline));
        Assert.Equal(TimeSpan.Zero, job.Created.Offset);
        Assert.Equal(job with { Parameters = listed.Parameters }, listed);
    }
}
