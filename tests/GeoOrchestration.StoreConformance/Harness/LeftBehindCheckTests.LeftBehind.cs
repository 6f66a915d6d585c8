using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.StoreConformance;

/// <summary>The check that runs after every test (<see cref="LeftBehindCheck"/>) fails where it should; otherwise it could hide anything.</summary>
public abstract partial class LeftBehindCheckTests
{
    [Fact]
    public async Task LeftBehindCheck_CountersDisagreeingWithTheTasks_FailsNamingTheStage()
    {
        var (jobId, _) = await PlannedAsync(3);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LeftBehindCheck.AssertAsync(SkewedStageCounters.Over(Store), [], default));

        Assert.Contains($"job {jobId[..16]} (test_wide, processing), stage 1: counts 4 remaining but 3 tasks are not completed", error.Message);
        await LeftBehindCheck.AssertAsync(Store, [], default);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task LeftBehindCheck_ToleratedFailuresCountAsDone_ButACounterOffByOneStillFails(int skew)
    {
        // A live job whose stage tolerated one failure; a failed one whose stage tolerated one, then failed on the next.
        var (live, _) = await PlannedTolerantAsync(4, StageTolerance.Count(2));
        var liveClaims = await Store.WorkClaimAsync(new WorkClaimParams("w", 4, LongLease), default);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(liveClaims[0], "w"), default)).Status);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(liveClaims[1].TaskId!, new JsonObject { ["index"] = 1 }), default);
        var (failed, _) = await PlannedTolerantAsync(5, StageTolerance.Count(1));
        var failedClaims = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        Assert.Equal([TaskFailStatus.FailureTolerated, TaskFailStatus.JobFailed],
            [(await Steps.TaskFailAsync(FailFor(failedClaims[0], "w"), default)).Status, (await Steps.TaskFailAsync(FailFor(failedClaims[1], "w"), default)).Status]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LeftBehindCheck.AssertAsync(SkewedStageCounters.Over(Store, skew), [], default));

        Assert.Contains($"job {live[..16]} (test_wide, processing), stage 1: counts {2 + skew} remaining but 3 tasks are not completed, 1 of them failed, of which the stage should count 1 as done", error.Message);
        Assert.Contains($"job {failed[..16]} (test_wide, failed), stage 1: counts {4 + skew} remaining but 5 tasks are not completed, 2 of them failed, of which the stage should count 1 as done", error.Message);
        await LeftBehindCheck.AssertAsync(Store, [], default);
    }

    [Fact]
    public async Task LeftBehindCheck_LeaseHeldByAStoppedWorker_Fails()
    {
        var (jobId, tasks) = await PlannedAsync(2);
        await Store.WorkClaimAsync(new WorkClaimParams("gone", 1, LongLease), default);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LeftBehindCheck.AssertAsync(Store, ["gone"], default));

        Assert.Contains("is still leased to stopped worker gone", error.Message);
        Assert.Single(tasks, t => error.Message.Contains(t.TaskId, StringComparison.Ordinal));
        Assert.Contains(jobId[..16], error.Message);
    }

    [Fact]
    public async Task LeftBehindCheck_LiveJobWithNothingToMoveIt_FailsUntilTheJanitorRepairsIt()
    {
        var jobId = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 2 })).Job.JobId;
        await Steps.WorkDropAsync(new WorkItem { Kind = WorkKind.PlanStage, JobId = jobId, Stage = 1 }, default);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LeftBehindCheck.AssertAsync(Store, [], default));
        var report = await Steps.JanitorRunAsync(default);

        Assert.Contains($"job {jobId[..16]} (test_wide, queued) is live at stage 1 but has no control item", error.Message);
        Assert.Equal(1, report!.JobsRepaired);
        var plan = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 1), (plan.Kind, plan.Stage));
    }
}
