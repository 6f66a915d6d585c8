using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A completed stage's results read a page at a time (<see cref="IGeoStore.StageResultsPageAsync"/>):
/// pages read one after another cover every result exactly once, in the order of the whole read,
/// without the tolerated failures; the last page is short (or, for a stage of whole pages, an empty
/// page follows), an empty stage is one empty page; and a page is answered while another client
/// of the store holds a write transaction open (what a planner does while it reads).
/// </summary>
public abstract partial class StoreQueryTests
{
    /// <summary>
    /// 250 tasks keyed t0..t249 (plan order differs from key order: t10 sorts before t2), every ninth
    /// failed within tolerance: 222 results. Another job's finished stage sits beside it.
    /// </summary>
    private async Task<string> FinishedStageWithFailuresAsync()
    {
        // The other job's stage 1 completes, then the job is cancelled (its next step dropped, its results kept).
        var other = await PlannedAsync(5);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        await CompleteAllAsync(other.Tasks);
        Assert.Equal(JobChangeStatus.Changed, (await Client.CancelJobAsync(other.JobId, "only its results are wanted")).Status);

        var (jobId, tasks) = await PlannedTolerantAsync(250, StageTolerance.Count(40));
        var claimed = new List<WorkItem>();
        while ((await Store.WorkClaimAsync(new WorkClaimParams("w", 100, LongLease), default)) is { Count: > 0 } batch) claimed.AddRange(batch);
        Assert.Equal(250, claimed.Count);
        foreach (var item in claimed.Where(i => i.TaskParameters!["index"]!.GetValue<int>() % 9 == 0))
            await Steps.TaskFailAsync(FailFor(item, "w"), default);
        await CompleteAllAsync(tasks.Where(t => t.Parameters["index"]!.GetValue<int>() % 9 != 0));
        Assert.Equal(0, (await StageAsync(jobId, 1)).Remaining);
        return jobId;
    }

    private async Task<List<StageResultsPage>> AllPagesAsync(string jobId, int stage, int limit)
    {
        var pages = new List<StageResultsPage>();
        int? after = null;
        do
        {
            var page = await Store.StageResultsPageAsync(new StageResultsPageParams(jobId, stage, after, limit), default);
            pages.Add(page);
            after = page.Next;
        } while (after is not null && pages.Count <= 1_000);
        return pages;
    }

    [Theory]
    [InlineData(7)]     // 31 full pages and a short one of 5
    [InlineData(6)]     // 37 full pages, then an empty one
    [InlineData(1000)]  // one short page
    public async Task StageResultsPage_ReadToTheEnd_CoversEveryResultOnceInTheWholeReadsOrder_WithoutTheToleratedFailures(int limit)
    {
        var jobId = await FinishedStageWithFailuresAsync();
        var whole = await Steps.StageResultsAsync(jobId, 1, default);

        var pages = await AllPagesAsync(jobId, 1, limit);

        var paged = pages.SelectMany(p => p.Results).ToList();
        Assert.Equal(222, whole.Count);
        Assert.Equal(whole.Select(r => (r.TaskId, r.TaskKey, r.Result!.ToJsonString())), paged.Select(r => (r.TaskId, r.TaskKey, r.Result!.ToJsonString())));
        Assert.All(paged, r => Assert.Equal((1, jobId[..16]), (r.Stage, r.TaskId[..16])));
        Assert.DoesNotContain(paged, r => whole.Failures.Any(f => f.TaskId == r.TaskId));
        Assert.Equal(28, whole.Failures.Count);
        Assert.All(pages.SkipLast(1), p => Assert.Equal((limit, true), (p.Results.Count, p.Next is not null)));
        var last = pages[^1];
        Assert.Null(last.Next);
        Assert.Equal(222 % limit, last.Results.Count);
        Assert.Equal(222 / limit + 1, pages.Count);
        // The length of the text the store holds: compact JSON, or PostgreSQL's jsonb text (a space after each ':' and ',').
        Assert.All(pages.Where(p => p.Results.Count > 0), p =>
            Assert.InRange(p.ResultChars, p.Results.Sum(r => r.Result!.ToJsonString().Length), 2 * p.Results.Sum(r => r.Result!.ToJsonString().Length)));
    }

    [Fact]
    public async Task StageResultsPage_OfAStageWithoutTasks_IsOneEmptyPageWithNoNext()
    {
        var (jobId, _) = await PlannedAsync(0);
        Assert.Equal((0, 0), ((await StageAsync(jobId, 1)).TaskCount, (await StageAsync(jobId, 1)).Remaining));

        var page = await Store.StageResultsPageAsync(new StageResultsPageParams(jobId, 1, null, 100), default);

        Assert.Empty(page.Results);
        Assert.Null(page.Next);
        Assert.Equal(0, page.ResultChars);
    }

    [Fact]
    public async Task StageResultsPage_WhileAnotherClientHoldsAWriteTransactionOpen_IsAnsweredWithoutWaitingForIt()
    {
        var jobId = await FinishedStageWithFailuresAsync();
        var writer = OpenStore();
        var reader = OpenStore();

        // The writer's transaction (SQLite: it holds the file's write lock from its start) stays open
        // until the page is read: a page read that waited for it would never return.
        var page = await writer.ExecuteAsync(async (tx, ct) =>
        {
            await tx.WorkersWakeAsync(new WorkersWakeParams(WorkWake.Tasks), ct);
            return await reader.StageResultsPageAsync(new StageResultsPageParams(jobId, 1, null, 50), ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        }, default);

        Assert.Equal(50, page.Results.Count);
        Assert.Equal("t1", page.Results[0].TaskKey);
    }

    [Fact]
    public async Task StageResultsStream_CountAndFailuresUpFront_EnumeratesLikeTheWholeRead_IndexesOnlyTheFirstPage()
    {
        var jobId = await FinishedStageWithFailuresAsync();
        var whole = await Steps.StageResultsAsync(jobId, 1, default);

        var stream = await Steps.StageResultsStreamAsync(jobId, 1, default);

        Assert.Equal((222, 1), (stream.Count, stream.Stage));
        Assert.Equal(whole.Failures.Select(f => (f.TaskId, f.ErrorMessage)), stream.Failures.Select(f => (f.TaskId, f.ErrorMessage)));
        Assert.Equal(whole.Select(r => r.TaskId), stream.Select(r => r.TaskId));
        Assert.Equal(whole.Select(r => r.TaskId), stream.Select(r => r.TaskId)); // a second enumeration reads the stage again
        Assert.Equal(whole[99].TaskId, stream[99].TaskId);
        var refused = Assert.Throws<Errors.ContractViolationException>(() => stream[100]);
        Assert.Contains("Enumerate", refused.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream[222]);
    }
}
