using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A lease is renewed while its work runs, with the handler's progress; one that lapses is taken
/// over (the janitor returns tasks, control work is claimed again), counting the lapsed attempt.
/// </summary>
public abstract partial class WorkerRunTests
{
    /// <summary>A test_wide job whose stage 1 is one task, <c>only</c>, of the given type.</summary>
    private async Task<(string JobId, string TaskId)> PlannedSingleTaskAsync(string taskType = "test_echo", int maxAttempts = 3)
    {
        var (jobId, _) = await SubmitToPlanAsync(1);
        var taskId = TaskId(jobId, 1, "only");
        await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2,
            [new PlannedTask(taskId, "only", taskType, new JsonObject { ["index"] = 0 }, maxAttempts)]), default);
        return (jobId, taskId);
    }

    [Fact]
    public async Task Task_RunningForManyLeasePeriods_KeepsItsLeaseAndCompletesOnFirstAttemptWithProgressStored()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 5000, ["run"] = Guid.NewGuid().ToString("N") });
        double? progressSeen = null;
        // Lease 1.5 s against a 5 s task: without heartbeats the janitor would hand it to another run.
        await using (StartWorker(new WorkerOptions { Lease = TimeSpan.FromMilliseconds(1500), JanitorInterval = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromSeconds(1) }))
        {
            while (!(await Client.GetJobAsync(submission.Job.JobId)).Status.IsTerminal())
            {
                var task = (await TasksAsync(submission.Job.JobId)).FirstOrDefault();
                if (task is { Status: TaskRecordStatus.Processing, ProgressPercent: { } p }) progressSeen = p;
                await Task.Delay(100);
            }
        }

        var job = await Client.GetJobAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        var done = Assert.Single(await TasksAsync(job.JobId));
        Assert.Equal(1, done.Attempts);
        Assert.Equal(1, BehaviourHandler.Starts[done.TaskId]);
        Assert.NotNull(progressSeen);
        Assert.InRange(progressSeen!.Value, 0, 100);
        Assert.StartsWith("slept", done.ProgressMessage);
    }

    [Fact]
    public async Task LeaseRenew_HeldAttempts_ExtendTheirLeasesFromTheStoreClockAndStoreTheirProgress()
    {
        var (jobId, _) = await PlannedAsync(2);
        var clock = PinnedAhead();
        var start = clock.GetUtcNow();
        var store = OpenStore(clock);
        var lease = TimeSpan.FromSeconds(30);
        var claimed = await store.WorkClaimAsync(new WorkClaimParams("w", 2, lease), default);
        clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await store.LeaseRenewAsync(new LeaseRenewParams("w",
            [new TaskHeartbeat(claimed[0].TaskId!, claimed[0].Attempt, 40, "tile 4 of 10"), new TaskHeartbeat(claimed[1].TaskId!, claimed[1].Attempt, null, null)],
            lease), default);
        clock.Advance(TimeSpan.FromSeconds(20));
        var later = await store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(claimed[0].TaskId!, claimed[0].Attempt, null, null)], lease), default);
        clock.Advance(TimeSpan.FromSeconds(15));
        var janitor = await new EngineSteps(store).JanitorRunAsync(default);

        Assert.Equal(claimed.Select(i => (i.TaskId!, JobStatus.Processing)).Order(), renewed.Select(r => (r.TaskId, r.JobStatus)).Order());
        Assert.Equal((claimed[0].TaskId, JobStatus.Processing), (Assert.Single(later).TaskId, later[0].JobStatus));
        // 55 s in: the second lease, last renewed at 20 s, lapsed at 50 s; the first, renewed at 40 s, holds until 70 s.
        Assert.Equal(1, janitor!.LeasesRescued);
        var first = await TaskAsync(jobId, claimed[0].TaskId!);
        Assert.Equal((TaskRecordStatus.Processing, start + TimeSpan.FromSeconds(70)), (first.Status, first.LeaseExpires));
        // Progress is kept until a heartbeat brings newer progress.
        Assert.Equal((40.0, "tile 4 of 10"), (first.ProgressPercent, first.ProgressMessage));
        var second = await TaskAsync(jobId, claimed[1].TaskId!);
        Assert.Equal((TaskRecordStatus.Queued, "LeaseExpired"), (second.Status, second.ErrorType));
    }

    [Fact]
    public async Task Task_DeliveredTwiceAfterLeaseExpiry_CountsOneCompletionAndReportsTheLateOne()
    {
        var (jobId, taskId) = await PlannedSingleTaskAsync();
        var first = await Store.WorkClaimAsync(new WorkClaimParams("slow-worker", 10, TimeSpan.FromMilliseconds(100)), default);
        Assert.Contains(first, i => i.TaskId == taskId);
        await LeasesLapsedAsync(jobId);

        var janitor = await Steps.JanitorRunAsync(default);
        var second = await Store.WorkClaimAsync(new WorkClaimParams("fast-worker", 10, LongLease), default);
        var fast = await Steps.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["by"] = "fast" }), default);
        var slow = await Steps.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["by"] = "slow" }), default);

        Assert.Equal(1, janitor!.LeasesRescued);
        Assert.Contains(second, i => i.TaskId == taskId && i.Attempt == 2);
        Assert.Equal(TaskCompleteStatus.Completed, fast.Status);
        Assert.True(fast.StageCompleted);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, slow.Status);
        Assert.Equal("fast", (await TaskAsync(jobId, taskId)).Result!["by"]!.GetValue<string>());
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task TaskClaim_LeaseExpired_AnotherWorkerTakesTheTaskOverAndItCompletesOnce()
    {
        var (jobId, tasks) = await PlannedAsync(1);
        // A worker that claims and then dies: its lease runs out and nobody renews it.
        var dead = await Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 10, TimeSpan.FromMilliseconds(200)), default);
        Assert.Contains(dead, i => i.TaskId == tasks[0].TaskId);
        await LeasesLapsedAsync(jobId);

        var job = await RunUntilTerminalAsync(jobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var task = Assert.Single(await TasksAsync(jobId, stage: 1));
        Assert.Equal(TaskRecordStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempts);
        Assert.Equal(2, task.Result!["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task LeaseExpiry_OnTheLastAttempt_FailsTheTaskAndItsJob()
    {
        var (jobId, taskId) = await PlannedSingleTaskAsync(maxAttempts: 2);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Contains(await Store.WorkClaimAsync(new WorkClaimParams($"doomed-{attempt}", 10, TimeSpan.FromMilliseconds(50)), default),
                i => i.TaskId == taskId);
            await LeasesLapsedAsync(jobId);
            Assert.Equal(1, (await Steps.JanitorRunAsync(default))!.LeasesRescued);
        }

        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("expired on attempt 2 of 2: it was not renewed within 50 ms", job.Error);
        var task = await TaskAsync(jobId, taskId);
        Assert.Equal(("LeaseExpired", TaskRecordStatus.Failed), (task.ErrorType, task.Status));
    }

    [Fact]
    public async Task PlanItem_ClaimedAndAbandonedTooOften_FailsTheJobInsteadOfLoopingForever()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 });
        for (var attempt = 1; attempt <= WorkerTuning.MaxControlAttempts; attempt++)
        {
            var claimed = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams($"crashing-planner-{attempt}", 1, TimeSpan.FromMilliseconds(30)), default));
            Assert.Equal((submission.Job.JobId, attempt), (claimed.JobId, claimed.Attempt));
            await LeasesLapsedAsync(submission.Job.JobId);
        }

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"did not succeed in {WorkerTuning.MaxControlAttempts} attempts", job.Error);
    }

    [Fact]
    public async Task PlanItem_RenewedByItsWorker_IsNotTakenOverWhileThePlanRuns()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 });
        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("slow-planner", 1, TimeSpan.FromMilliseconds(200)), default));
        Assert.Equal(submission.Job.JobId, plan.JobId);
        var claimedUntil = Assert.Single(await WorkAsync(plan.JobId)).LeaseExpiresAt;

        await Store.LeaseRenewAsync(new LeaseRenewParams("slow-planner", [], TimeSpan.FromMinutes(1), [plan]), default);
        // Past the lease the claim gave: only the renewal keeps the item its planner's.
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > claimedUntil));
        var other = await Store.WorkClaimAsync(new WorkClaimParams("other", 10, LongLease), default);

        Assert.Empty(other);
        Assert.Equal("slow-planner", Assert.Single(await WorkAsync(plan.JobId)).LeaseOwner);
    }
}
