using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Stage failure tolerance through the store's own methods: a task that fails for good within its
/// stage's tolerance counts toward the stage (the last to count advances it, exactly once, be it a
/// completion or a failure); one more fails the job as any failure does without tolerance.
/// </summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task TaskFail_ConcurrentCompletersAndFailersWithinTolerance_AdvanceTheStageExactlyOnce()
    {
        var (jobId, _) = await PlannedTolerantAsync(600, StageTolerance.Count(100));
        var completed = new ConcurrentBag<TaskCompleteOutcome>();
        var failed = new ConcurrentBag<TaskFailOutcome>();

        // Eight clients take tasks in turn; every sixth task fails for good, the rest complete.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = OpenStore();
            var worker = $"worker-{w}";
            while (true)
            {
                var claimed = (await store.WorkClaimAsync(new WorkClaimParams(worker, 20, LongLease), default)).Where(i => i.Kind == WorkKind.RunTask).ToList();
                if (claimed.Count == 0) break;
                foreach (var item in claimed)
                {
                    if (item.TaskParameters!["index"]!.GetValue<int>() % 6 == 0) failed.Add(await new EngineSteps(store).TaskFailAsync(FailFor(item, worker), default));
                    else completed.Add(await new EngineSteps(store).TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = w }), default));
                }
            }
        })));

        Assert.Equal(100, failed.Count(o => o.Status == TaskFailStatus.FailureTolerated));
        Assert.Equal(500, completed.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.True(completed.Count(o => o.StageCompleted) <= 1); // the last to count may be a failure
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var next = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
        var stage = await StageAsync(jobId, 1);
        Assert.Equal((600, 0), (stage.TaskCount, stage.Remaining));
        Assert.Equal(JobStatus.Processing, (await Client.GetJobAsync(jobId)).Status);
        var results = await Steps.StageResultsAsync(jobId, 1, default);
        Assert.Equal(500, results.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"t{i * 6}"), results.Failures.Select(f => f.TaskKey)); // plan order
        Assert.All(results.Failures, f => Assert.Equal(0, f.Input.GetInt64("index") % 6));
        Assert.All(results.Failures, f => Assert.Equal(("PermanentTaskException", $"{f.TaskId} broke"), (f.ErrorType, f.ErrorMessage)));
        Assert.Equal(100, (await Steps.TaskFailuresAsync(jobId, default)).Count);
    }

    [Fact]
    public async Task TaskFailAndComplete_ReportedAgainAfterAToleratedFailure_ChangeNothingAndTheFailureCountsOnce()
    {
        var (jobId, tasks) = await PlannedTolerantAsync(3, StageTolerance.Count(2));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 3, LongLease), default);
        var first = claimed.Single(i => i.TaskId == tasks[0].TaskId);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(first, "w"), default)).Status);

        // A redelivered report, and a late completion by a stale attempt, of the task that failed.
        var again = await Steps.TaskFailAsync(FailFor(first, "w"), default);
        var late = await Steps.TaskCompleteAsync(new TaskCompleteParams(first.TaskId!, new JsonObject { ["index"] = 0 }), default);

        Assert.Equal(TaskFailStatus.NotRunning, again.Status);
        Assert.Equal(TaskCompleteStatus.NotCompletable, late.Status);
        Assert.Equal(2, (await StageAsync(jobId, 1)).Remaining);
        Assert.Equal(TaskRecordStatus.Failed, (await TaskAsync(jobId, first.TaskId!)).Status);
        // The other two still close the stage, once: the failure counted one and only one.
        Assert.Single(await CompleteAllAsync(tasks.Skip(1)), o => o.StageCompleted);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.Single(await Steps.TaskFailuresAsync(jobId, default));
    }

    [Fact]
    public async Task TaskFail_OneBeyondTolerance_FailsTheJobSayingSoAndCancelsTheRest()
    {
        var (jobId, _) = await PlannedTolerantAsync(10, StageTolerance.Count(2));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 3, LongLease), default);

        var outcomes = new List<TaskFailStatus>();
        foreach (var item in claimed) outcomes.Add((await Steps.TaskFailAsync(FailFor(item, "w"), default)).Status);

        Assert.Equal([TaskFailStatus.FailureTolerated, TaskFailStatus.FailureTolerated, TaskFailStatus.JobFailed], outcomes);
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"Task {claimed[2].TaskId} failed", job.Error);
        Assert.Contains("stage 1 tolerates 2 failed tasks; this is one more", job.Error);
        Assert.Equal(7, (await TasksAsync(jobId)).Count(t => t.Status == TaskRecordStatus.Cancelled));
        Assert.Equal(0, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Failed));
        Assert.Empty(await WorkAsync(jobId));
    }

    [Theory]
    [InlineData(15, 10.0, 1)]
    [InlineData(10, 10.0, 1)]
    [InlineData(9, 10.0, 0)]
    [InlineData(3, 100.0, 3)]
    public async Task StagePlan_PercentTolerance_IsResolvedAgainstTheNumberOfTasksPlanned(int tasks, double percent, int allowed)
    {
        var (jobId, _) = await PlannedTolerantAsync(tasks, StageTolerance.Percent(percent));
        // One failure more than tolerated, where the stage has that many tasks.
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", Math.Min(allowed + 1, tasks), LongLease), default);

        var outcomes = new List<TaskFailStatus>();
        foreach (var item in claimed) outcomes.Add((await Steps.TaskFailAsync(FailFor(item, "w"), default)).Status);

        var expected = Enumerable.Repeat(TaskFailStatus.FailureTolerated, allowed).ToList();
        if (allowed < tasks) expected.Add(TaskFailStatus.JobFailed);
        Assert.Equal(expected, outcomes);
        // Every task of a stage that tolerates them all may fail: the last failure closes the stage and the job goes on.
        Assert.Equal(allowed == tasks ? JobStatus.Processing : JobStatus.Failed, (await Client.GetJobAsync(jobId)).Status);
        Assert.Equal(allowed == tasks ? 1 : 0, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task Janitor_LeaseExpiredOnTheLastAttemptWithinTolerance_CountsTheFailureAndTheJobGoesOn()
    {
        var (jobId, _) = await PlannedTolerantAsync(2, StageTolerance.Count(1), maxAttempts: 1);
        var dead = await Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 10, TimeSpan.FromMilliseconds(100)), default);
        Assert.Equal(2, dead.Count);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(dead[1].TaskId!, new JsonObject()), default);
        await LeasesLapsedAsync(jobId);

        // No worker runs on this store, so no other round can hold the janitor back: this one reports.
        var report = await Steps.JanitorRunAsync(default);

        Assert.NotNull(report);
        Assert.Equal(0, report.JobsFailed);
        Assert.Equal(JobStatus.Processing, (await Client.GetJobAsync(jobId)).Status);
        var stage = await StageAsync(jobId, 1);
        Assert.Equal(0, stage.Remaining);
        Assert.NotNull(stage.AdvancedAt);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var failure = Assert.Single(await Steps.TaskFailuresAsync(jobId, default));
        Assert.Equal((dead[0].TaskId, "LeaseExpired"), (failure.TaskId, failure.ErrorType));
        var next = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
    }

    [Fact]
    public async Task Janitor_TwoTasksOfOneJobExhaustedInOneRound_CountOneFailedJob()
    {
        var (jobId, _) = await PlannedTolerantAsync(2, StageTolerance.None, maxAttempts: 1);
        Assert.Equal(2, (await Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 10, TimeSpan.FromMilliseconds(100)), default)).Count);
        await LeasesLapsedAsync(jobId);

        var report = await Steps.JanitorRunAsync(default);

        Assert.NotNull(report);
        Assert.Equal(1, report.JobsFailed);
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("The lease of dead-worker expired on attempt 1 of 1", job.Error);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Failed));
        Assert.DoesNotContain(await TasksAsync(jobId), t => t.Status is TaskRecordStatus.Queued or TaskRecordStatus.Processing);
    }

    [Fact]
    public async Task JobRetry_AfterFailingBeyondTolerance_RunsTheToleratedFailuresAgainWithTheStageCountsReset()
    {
        var (jobId, _) = await PlannedTolerantAsync(5, StageTolerance.Count(1));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 3, LongLease), default);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(claimed[0].TaskId!, new JsonObject { ["index"] = 0 }), default);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(claimed[1], "w"), default)).Status);
        Assert.Equal(TaskFailStatus.JobFailed, (await Steps.TaskFailAsync(FailFor(claimed[2], "w"), default)).Status);

        var retry = await Client.RetryJobAsync(jobId);

        Assert.Equal(4, retry.TasksAffected); // two failed, two cancelled
        Assert.Equal(4, (await StageAsync(jobId, 1)).Remaining);
        Assert.Empty(await Steps.TaskFailuresAsync(jobId, default));
        var job = await RunUntilTerminalAsync(jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.All(await TasksAsync(jobId), t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
    }

    [Fact]
    public async Task JobRetry_AfterCancellingAStageWithToleratedFailures_RunsThemAgainAndTheJobCompletes()
    {
        var (jobId, _) = await PlannedTolerantAsync(4, StageTolerance.Count(2));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(claimed[0], "w"), default)).Status);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(claimed[1].TaskId!, new JsonObject { ["index"] = 1 }), default);
        await Client.CancelJobAsync(jobId);

        var retry = await Client.RetryJobAsync(jobId);

        Assert.Equal(3, retry.TasksAffected); // the failed one and the two cancelled
        Assert.Equal(3, (await StageAsync(jobId, 1)).Remaining);
        var job = await RunUntilTerminalAsync(jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Empty(await Steps.TaskFailuresAsync(jobId, default));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task StageList_AfterAToleratedFailure_ShowsItCountedAndTheToleranceAsPlanned()
    {
        var (jobId, tasks) = await PlannedTolerantAsync(4, StageTolerance.Percent(50));
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 4, LongLease), default);
        Assert.Equal((0, 2), ((await StageAsync(jobId, 1)).Failed, (await StageAsync(jobId, 1)).FailuresAllowed));

        Assert.Equal(TaskFailStatus.FailureTolerated, (await Steps.TaskFailAsync(FailFor(claimed.Single(i => i.TaskId == tasks[0].TaskId), "w"), default)).Status);

        var stage = await StageAsync(jobId, 1);
        Assert.Equal((4, 3, 1, 2), (stage.TaskCount, stage.Remaining, stage.Failed, stage.FailuresAllowed));
    }
}
