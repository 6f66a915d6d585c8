using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A job's events read in a stable order through a cursor: pages after a position cover every event
/// once, in the order of the whole read; kinds and stage narrow it; a follower reading settled events
/// while transactions write them side by side misses none and reads none twice; the events go with
/// their job.
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
        // A settled read shows events once every transaction older than them has ended. On a server the test shares
        // (CI: other classes plan and write in parallel) a transaction elsewhere can delay them: wait, but accept no
        // other answer than the whole read (CI run 25 read nothing at once).
        await Eventually.TrueAsync(async () => (await JobEventsAsync(new JobEventListParams(jobId) { SettledOnly = true }))
            .Select(e => e.Id).SequenceEqual(all.Select(e => e.Id)), 120);
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
    public async Task JobEventList_FollowingSettledEventsWhileTransactionsWriteThemSideBySide_MissesNoneAndReadsNoneTwice()
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

        JobEventPosition? after = null;
        async Task FollowAsync()
        {
            var page = await JobEventsAsync(new JobEventListParams(jobId) { After = after, SettledOnly = true });
            followed.AddRange(page);
            if (page.Count > 0) after = page[^1].Position;
        }
        while (!writing.All(t => t.IsCompleted)) await FollowAsync();
        await Task.WhenAll(writing);
        var all = await JobEventsAsync(new JobEventListParams(jobId));
        // The last events settle once no older transaction runs: on a server shared with other tests that may take a
        // while (CI run 25). Follow until the follower has read as many as there are; the checks below say whether
        // it read each exactly once, in order.
        await Eventually.TrueAsync(async () => { await FollowAsync(); return followed.Count >= all.Count; }, 120);

        Assert.Equal(writers * eventsEach * 2, written);
        Assert.Equal(all.Select(e => e.Id), followed.Select(e => e.Id));
        Assert.Equal(writers * eventsEach * 2, followed.Count(e => e.Kind == JobEventKind.Repaired));
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
