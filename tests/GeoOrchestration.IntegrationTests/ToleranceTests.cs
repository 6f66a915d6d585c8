using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>Stage failure tolerance on PostgreSQL: through the store's own methods, and through real workers.</summary>
public sealed class ToleranceTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>A test_wide job (stage 1 of <paramref name="tasks"/>, then a fan-in) with stage 1 planned under <paramref name="tolerance"/>.</summary>
    private async Task<string> PlanAsync(int tasks, StageTolerance tolerance, int maxAttempts = 3, string? label = null)
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = tasks },
            new SubmitOptions { RunKey = label ?? Guid.NewGuid().ToString("N") });
        var plan = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 100, Lease), default))
            .Single(w => w.Kind == WorkKind.PlanStage && w.JobId == submission.Job.JobId);
        var planned = Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{plan.JobId[..16]}-s1-t{i}", $"t{i}", "test_echo", new JsonObject { ["index"] = i }, maxAttempts))
            .ToList();
        Assert.True((await fixture.Store.StagePlanAsync(new StagePlanParams(plan.JobId, 1, 2, planned, Tolerance: tolerance), default)).Planned);
        return plan.JobId;
    }

    private Task<long> StageAsync(string jobId, string column) =>
        fixture.ScalarAsync($"SELECT {column} FROM {{schema}}.stages WHERE job_id = @id AND stage = 1", ("id", jobId));

    private static TaskFailParams Fail(WorkItem item, string worker) =>
        new(item.TaskId!, worker, item.Attempt, "PermanentTaskException", $"{item.TaskId} broke", null);

    [Fact]
    public async Task TaskFail_ConcurrentCompletersAndFailersWithinTolerance_AdvanceTheStageExactlyOnce()
    {
        const int tasks = 600;
        var jobId = await PlanAsync(tasks, StageTolerance.Count(100));
        var completed = new ConcurrentBag<TaskCompleteOutcome>();
        var failed = new ConcurrentBag<TaskFailOutcome>();

        // Eight workers take tasks in turn; every sixth task fails for good, the rest complete.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await using var store = fixture.CreateStore();
            var worker = $"worker-{w}";
            while (true)
            {
                var claimed = (await store.WorkClaimAsync(new WorkClaimParams(worker, 20, Lease), default))
                    .Where(i => i.Kind == WorkKind.RunTask).ToList();
                if (claimed.Count == 0) break;
                foreach (var item in claimed)
                {
                    if (item.JobId != jobId) await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, null), default);
                    else if (int.Parse(item.TaskId![(item.TaskId!.LastIndexOf('t') + 1)..]) % 6 == 0) failed.Add(await store.TaskFailAsync(Fail(item, worker), default));
                    else completed.Add(await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = w }), default));
                }
            }
        })));

        Assert.Equal(100, failed.Count(o => o.Status == TaskFailStatus.FailureTolerated));
        Assert.Equal(500, completed.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.True(completed.Count(o => o.StageCompleted) <= 1); // the last to count may be a failure
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id AND kind = 'plan' AND stage = 2", ("id", jobId)));
        Assert.Equal((0, 100), (await StageAsync(jobId, "remaining"), await StageAsync(jobId, "failed")));
        Assert.Equal(JobStatus.Processing, (await fixture.Client.GetJobAsync(jobId)).Status);
        var results = await fixture.Store.StageResultsAsync(jobId, 1, default);
        Assert.Equal(500, results.Count);
        Assert.Equal(100, results.Failures.Count);
        Assert.All(results.Failures, f => Assert.Equal(0, f.Input.GetInt64("index") % 6));
        Assert.All(results.Failures, f => Assert.Equal(("PermanentTaskException", $"{f.TaskId} broke"), (f.ErrorType, f.ErrorMessage)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"t{i * 6}"), results.Failures.Select(f => f.TaskKey)); // plan order
        Assert.Equal(100, (await fixture.Store.TaskFailuresAsync(jobId, default)).Count);
    }

    [Fact]
    public async Task TaskFail_OneBeyondTolerance_FailsTheJobSayingSoAndCancelsTheRest()
    {
        var jobId = await PlanAsync(10, StageTolerance.Count(2));
        var claimed = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 3, Lease), default)).Where(i => i.JobId == jobId).ToList();

        var outcomes = new List<TaskFailStatus>();
        foreach (var item in claimed) outcomes.Add((await fixture.Store.TaskFailAsync(Fail(item, "w"), default)).Status);

        Assert.Equal([TaskFailStatus.FailureTolerated, TaskFailStatus.FailureTolerated, TaskFailStatus.JobFailed], outcomes);
        var job = await fixture.Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"Task {claimed[2].TaskId} failed", job.Error);
        Assert.Contains("stage 1 tolerates 2 failed tasks; this is one more", job.Error);
        Assert.Equal(7, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id AND status = 'cancelled'", ("id", jobId)));
        Assert.Equal(0, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
    }

    [Theory]
    [InlineData(15, 10.0, 1)]
    [InlineData(10, 10.0, 1)]
    [InlineData(9, 10.0, 0)]
    [InlineData(3, 100.0, 3)]
    public async Task StagePlan_PercentTolerance_IsResolvedAgainstTheNumberOfTasksPlanned(int tasks, double percent, int allowed)
    {
        var jobId = await PlanAsync(tasks, StageTolerance.Percent(percent));

        Assert.Equal(allowed, await StageAsync(jobId, "failures_allowed"));
    }

    [Fact]
    public async Task Janitor_LeaseExpiredOnTheLastAttemptWithinTolerance_CountsTheFailureAndTheJobGoesOn()
    {
        var jobId = await PlanAsync(2, StageTolerance.Count(1), maxAttempts: 1);
        var dead = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 100, TimeSpan.FromMilliseconds(100)), default))
            .Where(i => i.JobId == jobId).ToList();
        Assert.Equal(2, dead.Count);
        await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(dead[1].TaskId!, new JsonObject()), default);
        await Task.Delay(300);

        await Eventually.TrueAsync(async () => await fixture.Store.JanitorRunAsync(default) is not null);

        Assert.Equal(JobStatus.Processing, (await fixture.Client.GetJobAsync(jobId)).Status);
        Assert.Equal((0, 1), (await StageAsync(jobId, "remaining"), await StageAsync(jobId, "failed")));
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
        var failure = Assert.Single(await fixture.Store.TaskFailuresAsync(jobId, default));
        Assert.Equal(dead[0].TaskId, failure.TaskId);
        Assert.Equal("LeaseExpired", failure.ErrorType);
    }

    [Fact]
    public async Task Janitor_TwoTasksOfOneJobExhaustedInOneRound_CountOneFailedJob()
    {
        var jobId = await PlanAsync(2, StageTolerance.None, maxAttempts: 1);
        await fixture.Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 100, TimeSpan.FromMilliseconds(100)), default);
        await Task.Delay(300);

        JanitorReport? report = null;
        await Eventually.TrueAsync(async () => (report = await fixture.Store.JanitorRunAsync(default)) is not null);

        Assert.Equal(1, report!.JobsFailed);
        Assert.Equal(JobStatus.Failed, (await fixture.Client.GetJobAsync(jobId)).Status);
    }

    [Fact]
    public async Task JobRetry_AfterFailingBeyondTolerance_RunsTheToleratedFailuresAgainWithTheStageCountsReset()
    {
        var jobId = await PlanAsync(5, StageTolerance.Count(1));
        var claimed = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 3, Lease), default)).Where(i => i.JobId == jobId).ToList();
        await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(claimed[0].TaskId!, new JsonObject()), default);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await fixture.Store.TaskFailAsync(Fail(claimed[1], "w"), default)).Status);
        Assert.Equal(TaskFailStatus.JobFailed, (await fixture.Store.TaskFailAsync(Fail(claimed[2], "w"), default)).Status);

        var retry = await fixture.Client.RetryJobAsync(jobId);

        Assert.Equal(4, retry.TasksAffected); // two failed, two cancelled
        Assert.Equal((4, 0), (await StageAsync(jobId, "remaining"), await StageAsync(jobId, "failed")));
        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
    }

    [Fact]
    public async Task Run_FailuresWithinTolerance_EndCompletedWithErrors_ListingEachFailedTask_AndTheFanInSeesThem()
    {
        var submission = await fixture.Client.SubmitAsync("test_tolerant", new JsonObject { ["tasks"] = 12, ["failing"] = 3, ["max_failed"] = 3 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var listed = job.Result!["failed_tasks"]!.AsArray();
        Assert.Equal(["t0", "t1", "t2"], listed.Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.All(listed, f => Assert.Contains("was told to fail", f!["error_message"]!.GetValue<string>()));
        Assert.Equal(3, job.Result["failed_task_count"]!.GetValue<int>());
        var collect = (await fixture.Client.ListTasksAsync(job.JobId, stage: 2)).Single().Result!;
        Assert.Equal(9, collect["completed"]!.GetValue<int>());
        Assert.Equal(["t0", "t1", "t2"], collect["failed_keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.True(collect["failed_were_told_to"]!.GetValue<bool>());
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", 1, default));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "finalized", null, default));
    }

    [Fact]
    public async Task Run_PercentToleranceExceeded_FailsTheJobAndCancelsItsQueuedTasks()
    {
        // 10% of 20 tolerates 2; the third failure fails the job. The others hold, so some are still queued then.
        var submission = await fixture.Client.SubmitAsync("test_tolerant",
            new JsonObject { ["tasks"] = 20, ["failing"] = 3, ["max_failed_percent"] = 10, ["hold_ms"] = 50 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, concurrency: 1);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("tolerates 2 failed tasks; this is one more", job.Error);
        var tasks = await fixture.Client.ListTasksAsync(job.JobId);
        Assert.Equal(3, tasks.Count(t => t.Status == TaskRecordStatus.Failed));
        Assert.Contains(tasks, t => t.Status == TaskRecordStatus.Cancelled);
        // (A task the stopping worker had claimed but not started goes back to the queue; a worker
        // that claims it sees the job failed and cancels it.)
        Assert.DoesNotContain(tasks, t => t.Status == TaskRecordStatus.Processing);
        Assert.Equal(0, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", 1, default));
    }

    [Fact]
    public async Task Run_NoFailures_EndsCompletedWithoutAFailureList()
    {
        var submission = await fixture.Client.SubmitAsync("test_tolerant", new JsonObject { ["tasks"] = 4, ["max_failed"] = 2 });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.False(job.Result!.AsObject().ContainsKey("failed_tasks"));
    }

    [Fact]
    public async Task Plan_FanInFieldNamedLikeTheEnginesOwn_FailsTheJobNamingTheField()
    {
        var submission = await fixture.Client.SubmitAsync("test_fanin_reserved", null);

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("gives its fan-in task a field 'failures'", job.Error);
    }
}
