using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Work leased by another worker may come back: a worker that died leaves its tasks leased until
/// the leases expire and a janitor queues them again. A worker with an idle limit that runs the
/// janitor counts them as work and waits for them (and runs them); one without janitor duty exits
/// and says in one line what it leaves and when it becomes claimable. The store's share is
/// <see cref="IGeoStore.LeasesElsewhereAsync"/>.
/// </summary>
public abstract partial class WorkerIdleTests
{
    [Fact]
    public async Task LeasesElsewhere_WorkOtherWorkersHold_IsCountedUntilTakenBack_NeverTheAskersOwn()
    {
        var (jobId, _) = await PlannedAsync(3);
        var other = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 })).Job.JobId;
        var clock = PinnedAhead();
        var store = OpenStore(clock);
        var lease = TimeSpan.FromSeconds(30);
        var before = await store.LeasesElsewhereAsync(new LeasesElsewhereParams("idle"), default);

        // Control work comes first: the other job's plan item, then two of the three tasks.
        var claimed = await store.WorkClaimAsync(new WorkClaimParams("dead", 3, lease), default);
        var held = await store.LeasesElsewhereAsync(new LeasesElsewhereParams("idle"), default);
        var own = await store.LeasesElsewhereAsync(new LeasesElsewhereParams("dead"), default);
        clock.Advance(lease + TimeSpan.FromSeconds(1));
        var lapsed = await store.LeasesElsewhereAsync(new LeasesElsewhereParams("idle"), default);
        var janitor = await new EngineSteps(store).JanitorRunAsync(default);
        var after = await store.LeasesElsewhereAsync(new LeasesElsewhereParams("idle"), default);

        Assert.Equal(LeasesElsewhere.None, before);
        Assert.Equal([WorkKind.PlanStage, WorkKind.RunTask, WorkKind.RunTask], claimed.Select(i => i.Kind));
        Assert.Equal(new LeasesElsewhere(2, 1, 2, string.CompareOrdinal(jobId, other) < 0 ? jobId : other, lease), held);
        Assert.Equal(LeasesElsewhere.None, own);
        // Lapsed: the plan item is claimable at once (a claim takes it), the tasks wait for a janitor.
        Assert.Equal(new LeasesElsewhere(2, 0, 1, jobId, TimeSpan.FromSeconds(-1)), lapsed);
        Assert.Equal(2, janitor!.LeasesRescued);
        Assert.Equal(LeasesElsewhere.None, after);
    }

    [Fact]
    public async Task ExitWhenIdle_TaskLeasedByAWorkerThatDied_WaitsForTheLeaseToLapseAndRunsTheTask()
    {
        var (jobId, _) = await PlannedAsync(1);
        // A worker that claimed the task and died: nobody renews its lease, which lapses in 2 s.
        Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("died", 1, TimeSpan.FromSeconds(2)), default));
        var worker = CreateWorker(new WorkerOptions
        {
            Concurrency = 2,
            ExitWhenIdle = TimeSpan.FromMilliseconds(300),
            PollInterval = TimeSpan.FromMilliseconds(200),
            JanitorInterval = TimeSpan.FromMilliseconds(200),
        });

        await worker.RunAsync(CancellationToken.None).WaitAsync(Hang);

        var job = await Client.GetJobAsync(jobId);
        Assert.True(job.Status == JobStatus.Completed, $"the worker exited leaving the job {job.Status}");
        // The lapsed lease counted as an attempt: this worker ran the second.
        var task = Assert.Single(await TasksAsync(jobId, stage: 1));
        Assert.Equal((TaskRecordStatus.Completed, 2), (task.Status, task.Attempts));
    }

    [Fact]
    public async Task WorkerProcess_StartedAfterAnotherWasKilledMidTask_FinishesTheJobBeforeItExits_OrWithoutJanitorSaysWhatItLeaves()
    {
        // Tasks of 3 s under 15 s leases: the recovery workers start well before the dead worker's
        // leases lapse, however slowly processes start on a loaded machine.
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["delay_ms"] = 3000, ["label"] = Guid.NewGuid().ToString("N") });
        var jobId = submission.Job.JobId;
        using var victim = WorkerProcess.Start(["--concurrency", "2", "--lease", "15"], ProcessEnvironment);
        await Eventually.TrueAsync(async () => (await TasksAsync(jobId)).Count(t => t.Status == TaskRecordStatus.Processing) == 2, seconds: 60);
        await victim.CrashAsync();

        var leaving = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0.5", "--no-janitor"], ProcessEnvironment, TimeSpan.FromMinutes(2));
        var stillLeased = (await TasksAsync(jobId)).Count(t => t.Status == TaskRecordStatus.Processing);
        var recovery = await Geoorch.RunAsync(["worker", "--exit-when-idle", "1", "--concurrency", "2", "--janitor-interval", "0.2"],
            ProcessEnvironment, TimeSpan.FromMinutes(2));

        Assert.True(recovery.ExitCode == 0, recovery.Stderr);
        var job = await Client.GetJobAsync(jobId);
        Assert.True(job.Status == JobStatus.Completed, $"the recovery worker exited leaving the job {job.Status}\n{recovery.Stderr}");
        Assert.True(leaving.ExitCode == 0, leaving.Stderr);
        Assert.Equal(2, stillLeased);
        Assert.Contains($"leaving 2 task(s) of job {jobId[..16]} leased by other workers", leaving.Stderr);
        Assert.Single(leaving.Stderr.Split('\n'), l => l.Contains("leased by other workers", StringComparison.Ordinal));
    }
}
