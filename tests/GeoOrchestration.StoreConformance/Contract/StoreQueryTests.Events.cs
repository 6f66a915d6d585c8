using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A job's events read in a stable order through a cursor: pages after a position cover every event
/// once, in the order of the whole read; kinds and stage narrow it; a follower (JobEventFollowAsync)
/// gets every event once, in batches cut by its limit, while transactions write them side by side;
/// the events go with their job.
/// </summary>
public abstract partial class StoreQueryTests
{
    private Task<IReadOnlyList<JobEvent>> JobEventsAsync(JobEventListParams parameters) => Store.JobEventListAsync(parameters, default);

    [Fact]
    public async Task JobEventList_PagesAfterACursor_CoverEveryEventOnceInTheOrderOfTheWholeRead()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["stages"] = 3 });
        var other = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["stages"] = 2 });
        await RunUntilTerminalAsync(submission.Job.JobId);
        await RunUntilTerminalAsync(other.Job.JobId);
        var jobId = submission.Job.JobId;

        var all = await JobEventsAsync(new JobEventListParams(jobId));
        var paged = new List<JobEvent>();
        JobEventPosition? after = null;
        while (true)
        {
            var page = await JobEventsAsync(new JobEventListParams(jobId) { After = after, Limit = 2 });
            Assert.True(page.Count <= 2);
            paged.AddRange(page);
            if (page.Count < 2) break;
            after = page[^1].Position;
        }

        // submitted, 3 x (stage_planned, stage_completed), finalized
        Assert.Equal(8, all.Count);
        Assert.Equal(all.Select(e => e.Id), paged.Select(e => e.Id));
        Assert.Equal(all.Select(e => e.Position).Order(), all.Select(e => e.Position));
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.All(all, e => Assert.Equal(jobId, e.JobId));
        Assert.Equal((JobEventKind.Submitted, JobEventKind.Finalized), (all[0].Kind, all[^1].Kind));
        Assert.Empty(await JobEventsAsync(new JobEventListParams(jobId) { After = all[^1].Position }));
        // A follower's first read (no cursor) returns the whole read at once, whatever else runs on the server.
        var followed = await FollowAllAsync(new JobEventListParams(jobId), null);
        Assert.Equal(all.Select(e => e.Id), followed.Events.Select(e => e.Id));
        Assert.Empty((await FollowAllAsync(new JobEventListParams(jobId), followed.Next)).Events);
    }

    /// <summary>A follower's read to its end: batches until one is not cut by the limit.</summary>
    private async Task<JobEventBatch> FollowAllAsync(JobEventListParams read, JobEventCursor? cursor)
    {
        var events = new List<JobEvent>();
        JobEventBatch batch;
        do
        {
            batch = await Store.JobEventFollowAsync(read, cursor, default);
            Assert.True(read.Limit is not { } limit || batch.Events.Count <= limit);
            events.AddRange(batch.Events);
            cursor = batch.Next;
        }
        while (batch.More);
        return batch with { Events = events };
    }

    [Fact]
    public async Task JobEventFollow_BatchesCutByTheLimit_AndNewEvents_ComeEachOnce_NarrowedByKindAndStage()
    {
        var (jobId, _) = await PlannedAsync(1);
        async Task WriteAsync(int count, int stage) => await Store.ExecuteAsync(async (tx, ct) =>
        {
            for (var i = 0; i < count; i++)
                await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, stage, JobEventKind.Repaired, new JsonObject { ["i"] = i }), ct);
            return 0;
        }, default);
        await WriteAsync(7, 1);
        var read = new JobEventListParams(jobId) { Limit = 3 };

        var first = await FollowAllAsync(read, null);
        var before = await JobEventsAsync(new JobEventListParams(jobId));
        Assert.Equal(before.Select(e => e.Id), first.Events.Select(e => e.Id));
        Assert.Empty((await FollowAllAsync(read, first.Next)).Events);

        await WriteAsync(5, 1);
        await WriteAsync(2, 2);
        var second = await FollowAllAsync(read, first.Next);
        var onlyStage2 = await FollowAllAsync(read with { Stage = 2 }, first.Next);
        var onlySubmitted = await FollowAllAsync(read with { Kind = JobEventKind.Submitted }, first.Next);

        var after = await JobEventsAsync(new JobEventListParams(jobId));
        Assert.Equal(after.Select(e => e.Id).Except(before.Select(e => e.Id)), second.Events.Select(e => e.Id));
        Assert.Equal(7, second.Events.Count);
        Assert.Equal([2, 2], onlyStage2.Events.Select(e => e.Stage!.Value));
        Assert.Empty(onlySubmitted.Events);
        Assert.Empty((await FollowAllAsync(read, second.Next)).Events);
    }

    [Fact]
    public async Task JobEventList_KindsAndStage_NarrowTheReadWithinTheJob()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["stages"] = 3 });
        await RunUntilTerminalAsync(submission.Job.JobId);
        var jobId = submission.Job.JobId;

        var planned = await JobEventsAsync(new JobEventListParams(jobId) { Kinds = [JobEventKind.StagePlanned] });
        var ends = await JobEventsAsync(new JobEventListParams(jobId, JobEventKind.Submitted) { Kinds = [JobEventKind.Finalized] });
        var stage2 = await JobEventsAsync(new JobEventListParams(jobId, Stage: 2));
        var stage2Planned = await JobEventsAsync(new JobEventListParams(jobId, Stage: 2) { Kinds = [JobEventKind.StagePlanned, JobEventKind.Failed] });

        Assert.Equal([1, 2, 3], planned.Select(e => e.Stage!.Value));
        Assert.All(planned, e => Assert.Equal(2, e.Detail!["tasks"]!.GetValue<int>()));
        Assert.Equal([JobEventKind.Submitted, JobEventKind.Finalized], ends.Select(e => e.Kind));
        Assert.Equal([JobEventKind.StagePlanned, JobEventKind.StageCompleted], stage2.Select(e => e.Kind));
        Assert.Equal(stage2[0].Id, Assert.Single(stage2Planned).Id);
    }

    [Fact]
    public async Task JobEventFollow_WhileTransactionsWriteThemSideBySide_MissesNoneAndReadsNoneTwice()
    {
        var (jobId, _) = await PlannedAsync(1);
        const int writers = 6, eventsEach = 25;
        var written = 0;
        var followed = new List<JobEvent>();
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var client = OpenStore();
            for (var i = 0; i < eventsEach; i++)
            {
                // Two events per transaction, with a pause between them: transactions overlap, and
                // a later one often commits before an earlier one.
                await client.ExecuteAsync(async (tx, ct) =>
                {
                    await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, 1, JobEventKind.Repaired, new JsonObject { ["writer"] = w, ["i"] = i }), ct);
                    await Task.Delay(i % 3, ct);
                    await tx.JobEventInsertAsync(new JobEventInsertParams(jobId, 1, JobEventKind.Repaired, new JsonObject { ["writer"] = w, ["i"] = i }), ct);
                    return 0;
                }, default);
                Interlocked.Add(ref written, 2);
            }
        })).ToList();

        // Batches of 7: reads are cut by the limit while transactions commit between them.
        var read = new JobEventListParams(jobId) { Limit = 7 };
        JobEventCursor? cursor = null;
        async Task FollowAsync()
        {
            var batch = await FollowAllAsync(read, cursor);
            followed.AddRange(batch.Events);
            cursor = batch.Next;
        }
        while (!writing.All(t => t.IsCompleted)) await FollowAsync();
        await Task.WhenAll(writing);
        // Every writer has committed: one more read takes in the rest, whatever runs elsewhere on the server.
        await FollowAsync();
        var all = await JobEventsAsync(new JobEventListParams(jobId));

        Assert.Equal(writers * eventsEach * 2, written);
        Assert.Equal(all.Count, followed.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.Select(e => e.Id).Order(), followed.Select(e => e.Id).Order());
        Assert.Equal(writers * eventsEach * 2, followed.Count(e => e.Kind == JobEventKind.Repaired));
        Assert.Empty((await FollowAllAsync(read, cursor)).Events);
    }

    [Fact]
    public async Task JobEventList_AfterTheJobIsRemoved_IsEmpty_AndANewRunHasOnlyItsOwn()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1 });
        await RunUntilTerminalAsync(submission.Job.JobId);
        var jobId = submission.Job.JobId;
        Assert.NotEmpty(await JobEventsAsync(new JobEventListParams(jobId)));

        await Client.RemoveJobAsync(jobId);

        Assert.Empty(await JobEventsAsync(new JobEventListParams(jobId)));
        var again = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1 });
        Assert.Equal(jobId, again.Job.JobId);
        Assert.Equal([JobEventKind.Submitted], (await JobEventsAsync(new JobEventListParams(jobId))).Select(e => e.Kind));
    }
}
