using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The janitor repairs what a crash or a bug leaves: lapsed leases go back to the queue once, each
/// counting its attempt, however many janitors run; a live job whose next step went missing gets it
/// back without a second stage_completed.
/// </summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task Janitor_StageCompletedButNextStepLost_EnqueuesItAndTheJobCompletes()
    {
        var (jobId, tasks) = await PlannedAsync(1);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        Assert.True(Assert.Single(await CompleteAllAsync(tasks)).StageCompleted);
        // The step is lost (a bug, a manual edit): the stage is done but nothing follows it.
        await Steps.WorkDropAsync(new WorkItem { Kind = WorkKind.PlanStage, JobId = jobId, Stage = 2 }, default);
        Assert.Empty(await WorkAsync(jobId));

        var report = await Steps.JanitorRunAsync(default);

        Assert.Equal(1, report!.JobsRepaired);
        var repaired = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (repaired.Kind, repaired.Stage));
        var job = await RunUntilTerminalAsync(jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StagePlanned, 2));
        // The repair gave back the lost step; the stage had advanced once, and that stays its one event.
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task Janitor_RoundsFromFourClientsAtOnce_ReturnEachLapsedLeaseOnce()
    {
        var (jobId, _) = await PlannedAsync(20);
        Assert.Equal(20, (await Store.WorkClaimAsync(new WorkClaimParams("dead", 100, TimeSpan.FromMilliseconds(100)), default)).Count);
        await LeasesLapsedAsync(jobId);
        var clients = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();
        using var start = new Barrier(clients.Count);

        var reports = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await new EngineSteps(client).JanitorRunAsync(default);
        })));

        Assert.Equal(20, reports.Sum(r => r?.LeasesRescued ?? 0));
        if (Capabilities.Janitor == JanitorExclusion.TakeTurns)
            Assert.All(reports, r => Assert.NotNull(r)); // each waited its turn, and found the others' work done
        else
            Assert.Contains(reports, r => r is not null); // a round that found another running skipped
        Assert.All(await TasksAsync(jobId), t => Assert.Equal((TaskRecordStatus.Queued, 1, "LeaseExpired", null),
            (t.Status, t.Attempts, t.ErrorType, t.LeaseOwner)));
        var job = await RunUntilTerminalAsync(jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.All(await TasksAsync(jobId, stage: 1), t => Assert.Equal(2, t.Attempts));
    }

    [Fact]
    public async Task Janitor_NothingToRepair_ReportsNothingAndChangesNothing()
    {
        var (jobId, _) = await PlannedAsync(2);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("alive", 1, LongLease), default);
        var before = await TasksAsync(jobId);

        var report = await Steps.JanitorRunAsync(default);

        Assert.Equal(new JanitorReport(0, 0, 0, 0, 0), report);
        Assert.Equal(before.Select(State), (await TasksAsync(jobId)).Select(State));
        Assert.Single(claimed);
    }
}
