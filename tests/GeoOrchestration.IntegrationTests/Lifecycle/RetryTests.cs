using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class RetryTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Task<SubmitResult> SubmitAsync(string behaviour, int tasks = 1, int succeedOn = 2, string? run = null) =>
        fixture.Client.SubmitAsync("test_behaviour", new JsonObject
        {
            ["behaviour"] = behaviour, ["tasks"] = tasks, ["succeed_on"] = succeedOn, ["run"] = run ?? Guid.NewGuid().ToString("N"),
        });

    [Fact]
    public async Task TransientFailure_IsRetriedUntilItSucceeds_AndTheLastErrorIsKept()
    {
        var submission = await SubmitAsync("transient_until", tasks: 3, succeedOn: 3);

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var tasks = await fixture.Client.ListTasksAsync(job.JobId);
        Assert.All(tasks, t =>
        {
            Assert.Equal(3, t.Attempts);
            Assert.Equal(3, t.Result!["attempt"]!.GetValue<int>());
            Assert.Equal(typeof(IOException).FullName, t.ErrorType);
            Assert.Contains("attempt 2", t.ErrorMessage);
        });
    }

    [Fact]
    public async Task TransientFailure_ExhaustingItsAttempts_FailsTheJobNamingTheTask()
    {
        var submission = await SubmitAsync("transient_always");

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId));
        Assert.Equal(TaskRecordStatus.Failed, task.Status);
        Assert.Equal(3, task.Attempts);
        Assert.Contains(task.TaskId, job.Error);
        Assert.Contains("attempt 3 failed transiently", job.Error);
    }

    [Fact]
    public async Task PermanentFailure_FailsAtOnce_AndRetryRunsItAgainWithFreshAttempts()
    {
        var submission = await SubmitAsync("permanent_once", tasks: 2);
        // One at a time: the first task's failure stops the job before the second starts.
        var failed = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId, concurrency: 1);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Single(await fixture.Client.ListTasksAsync(failed.JobId), t => t.Status == TaskRecordStatus.Cancelled);
        Assert.Contains("ArgumentException", failed.Error);
        var failedTask = Assert.Single(await fixture.Client.ListTasksAsync(failed.JobId), t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(1, failedTask.Attempts);

        var retry = await fixture.Client.RetryJobAsync(failed.JobId);
        Assert.Equal(JobStatus.Processing, retry.Job!.Status);
        Assert.Equal(2, retry.TasksAffected);
        var job = await WorkerRun.UntilTerminalAsync(fixture, failed.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Null(job.Error);
        var tasks = await fixture.Client.ListTasksAsync(job.JobId, stage: 1);
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal(1, tasks.Single(t => t.TaskId == failedTask.TaskId).Attempts);
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "retried", null, default));
        Assert.Equal(1, await fixture.Store.EventCountAsync(job.JobId, "stage_completed", 1, default));
    }

    [Fact]
    public async Task TaskFail_WithRetryDelay_StoresTheNextAttemptByTheDatabaseClockAndHidesTheTaskUntilThen()
    {
        var submission = await SubmitAsync("sleep");
        // Tests of this class leave no live jobs behind, so the one plan item is this job's.
        var plan = Assert.Single(await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromMinutes(1)), default));
        Assert.Equal((submission.Job.JobId, WorkKind.PlanStage), (plan.JobId, plan.Kind));
        await fixture.Store.StagePlanAsync(new StagePlanParams(plan.JobId, 1, 1,
            [new PlannedTask($"{plan.JobId[..16]}-s1-t0", "t0", "test_behaviour", new JsonObject(), 3)]), default);
        var taskId = $"{submission.Job.JobId[..16]}-s1-t0";
        var claimed = await fixture.Store.WorkClaimAsync(new WorkClaimParams("w1", 100, TimeSpan.FromMinutes(1)), default);
        var attempt = Assert.Single(claimed, i => i.TaskId == taskId).Attempt;
        var before = await DatabaseClock.NowAsync(fixture);

        var outcome = await fixture.Store.TaskFailAsync(new TaskFailParams(taskId, "w1", attempt, "System.IO.IOException", "disk hiccup", TimeSpan.FromHours(1)), default);
        var after = await DatabaseClock.NowAsync(fixture);
        var again = await fixture.Store.WorkClaimAsync(new WorkClaimParams("w2", 100, TimeSpan.FromMinutes(1)), default);

        Assert.Equal(TaskFailStatus.RetryScheduled, outcome.Status);
        Assert.DoesNotContain(again, i => i.TaskId == taskId);
        var task = (await fixture.Client.ListTasksAsync(submission.Job.JobId)).Single();
        Assert.Equal(TaskRecordStatus.Queued, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Equal("disk hiccup", task.ErrorMessage);
        // The hour is counted from the failure's own moment on the database clock.
        Assert.InRange(task.NextAttemptAt!.Value, before.AddHours(1), after.AddHours(1));
        await fixture.Client.CancelJobAsync(submission.Job.JobId);
    }
}
