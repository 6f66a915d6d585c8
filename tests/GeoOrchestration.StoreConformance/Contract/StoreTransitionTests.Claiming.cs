using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A claim hands out control work (plan, finalize) before tasks, never more than asked, each under a
/// lease in the claimer's name that runs from the store's clock; what a claimer could not take
/// stays for the next one, unattempted.
/// </summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task WorkClaim_ControlWorkAndTasksWaiting_HandsOutControlWorkFirstUpToTheLimit()
    {
        var (running, _) = await PlannedAsync(5);
        var waiting = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 6 })).Job.JobId;
        var clock = PinnedAhead();
        var lease = TimeSpan.FromSeconds(90);

        var claimed = await OpenStore(clock).WorkClaimAsync(new WorkClaimParams("w", 2, lease), default);

        Assert.Equal(2, claimed.Count);
        Assert.Equal((WorkKind.PlanStage, waiting, 1, 1), (claimed[0].Kind, claimed[0].JobId, claimed[0].Stage, claimed[0].Attempt));
        Assert.Equal((WorkKind.RunTask, running, 1), (claimed[1].Kind, claimed[1].JobId, claimed[1].Attempt));
        var plan = Assert.Single(await WorkAsync(waiting));
        Assert.Equal(("w", clock.GetUtcNow() + lease, 1), (plan.LeaseOwner, plan.LeaseExpiresAt, plan.Attempts));
        var tasks = await TasksAsync(running);
        var held = Assert.Single(tasks, t => t.TaskId == claimed[1].TaskId);
        Assert.Equal((TaskRecordStatus.Processing, "w", 1), (held.Status, held.LeaseOwner, held.Attempts));
        Assert.Equal((clock.GetUtcNow() + lease, clock.GetUtcNow()), (held.LeaseExpires, held.Claimed));
        // What did not fit the limit is left for others as if never claimed.
        Assert.All(tasks.Where(t => t.TaskId != held.TaskId), t => Assert.Equal((TaskRecordStatus.Queued, 0, null), (t.Status, t.Attempts, t.LeaseOwner)));
    }

    [Fact]
    public async Task WorkClaim_SecondClaimer_GetsOnlyWhatTheFirstLeftAndNothingTwice()
    {
        var (jobId, _) = await PlannedAsync(7);
        var other = OpenStore();

        var first = await Store.WorkClaimAsync(new WorkClaimParams("first", 3, LongLease), default);
        var second = await other.WorkClaimAsync(new WorkClaimParams("second", 10, LongLease), default);
        var third = await Store.WorkClaimAsync(new WorkClaimParams("third", 10, LongLease), default);

        Assert.Equal((3, 4), (first.Count, second.Count));
        Assert.Empty(third);
        Assert.Empty(first.Select(i => i.TaskId).Intersect(second.Select(i => i.TaskId)));
        var owners = (await TasksAsync(jobId)).ToDictionary(t => t.TaskId, t => t.LeaseOwner);
        Assert.All(first, i => Assert.Equal("first", owners[i.TaskId!]));
        Assert.All(second, i => Assert.Equal("second", owners[i.TaskId!]));
    }

    [Fact]
    public async Task WorkClaim_LeasesExpiredByTheStoreClock_ControlWorkIsClaimedAgainAndTasksAfterTheJanitorsRound()
    {
        var (running, _) = await PlannedAsync(1);
        var waiting = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 2 })).Job.JobId;
        var clock = PinnedAhead();
        var store = OpenStore(clock);
        var lease = TimeSpan.FromSeconds(30);
        Assert.Equal(2, (await store.WorkClaimAsync(new WorkClaimParams("gone", 10, lease), default)).Count);

        clock.Advance(lease - TimeSpan.FromSeconds(1));
        var early = await store.WorkClaimAsync(new WorkClaimParams("next", 10, LongLease), default);
        var earlyJanitor = await new EngineSteps(store).JanitorRunAsync(default);
        clock.Advance(TimeSpan.FromSeconds(2));
        var control = await store.WorkClaimAsync(new WorkClaimParams("next", 10, LongLease), default);
        var janitor = await new EngineSteps(store).JanitorRunAsync(default);
        var task = await store.WorkClaimAsync(new WorkClaimParams("next", 10, LongLease), default);

        Assert.Empty(early);
        Assert.Equal(0, earlyJanitor?.LeasesRescued ?? 0);
        // A control item whose lease lapsed is claimed again as it is; a task goes back through the
        // janitor, which counts the lapsed attempt against the task's limit.
        var plan = Assert.Single(control);
        Assert.Equal((WorkKind.PlanStage, waiting, 2), (plan.Kind, plan.JobId, plan.Attempt));
        Assert.Equal(1, janitor!.LeasesRescued);
        var again = Assert.Single(task);
        Assert.Equal((WorkKind.RunTask, running, 2), (again.Kind, again.JobId, again.Attempt));
        var stored = await TaskAsync(running, again.TaskId!);
        Assert.Equal(("next", TaskRecordStatus.Processing, "LeaseExpired"), (stored.LeaseOwner, stored.Status, stored.ErrorType));
    }
}
