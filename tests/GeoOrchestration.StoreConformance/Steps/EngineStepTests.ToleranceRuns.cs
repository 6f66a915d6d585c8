using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Stage failure tolerance through real workers (test_tolerant: a stage whose first tasks fail for
/// good, then a fan-in): within tolerance the job ends completed_with_errors listing each failure and
/// the fan-in sees them; beyond it the job fails and its queued tasks are cancelled.
/// </summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task Run_FailuresWithinTolerance_EndCompletedWithErrors_ListingEachFailedTask_AndTheFanInSeesThem()
    {
        var submission = await Client.SubmitAsync("test_tolerant", new JsonObject { ["tasks"] = 12, ["failing"] = 3, ["max_failed"] = 3 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var listed = job.Result!["failed_tasks"]!.AsArray();
        Assert.Equal(["t0", "t1", "t2"], listed.Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.All(listed, f => Assert.Contains("was told to fail", f!["error_message"]!.GetValue<string>()));
        Assert.Equal(3, job.Result["failed_task_count"]!.GetValue<int>());
        var collect = Assert.Single(await TasksAsync(job.JobId, stage: 2)).Result!;
        Assert.Equal(9, collect["completed"]!.GetValue<int>());
        Assert.Equal(["t0", "t1", "t2"], collect["failed_keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.True(collect["failed_were_told_to"]!.GetValue<bool>());
        Assert.All(collect["errors"]!.AsArray(), e => Assert.Contains("was told to fail", e!.GetValue<string>()));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Finalized));
    }

    [Theory]
    [InlineData("max_failed", 2)]
    [InlineData("max_failed_percent", 10)] // of 20 tasks: 2
    public async Task Run_FailuresBeyondTolerance_FailTheJobAndCancelItsQueuedTasks(string tolerance, int value)
    {
        // The third failure fails the job. The others hold a while, so some are still queued then.
        var submission = await Client.SubmitAsync("test_tolerant",
            new JsonObject { ["tasks"] = 20, ["failing"] = 3, [tolerance] = value, ["hold_ms"] = 50 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId, concurrency: 1);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("tolerates 2 failed tasks; this is one more", job.Error);
        var tasks = await TasksAsync(job.JobId);
        Assert.Equal(3, tasks.Count(t => t.Status == TaskRecordStatus.Failed));
        Assert.Contains(tasks, t => t.Status == TaskRecordStatus.Cancelled);
        // (A task the stopping worker had claimed but not started goes back to the queue; a worker
        // that claims it sees the job failed and cancels it.)
        Assert.DoesNotContain(tasks, t => t.Status == TaskRecordStatus.Processing);
        Assert.Equal(0, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Failed));
    }

    [Fact]
    public async Task Run_NoFailures_EndsCompletedWithoutAFailureList()
    {
        var submission = await Client.SubmitAsync("test_tolerant", new JsonObject { ["tasks"] = 4, ["max_failed"] = 2 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.False(job.Result!.AsObject().ContainsKey("failed_tasks"));
        Assert.Empty(await Steps.TaskFailuresAsync(job.JobId, default));
    }

    [Fact]
    public async Task Plan_FanInFieldNamedLikeTheEnginesOwn_FailsTheJobNamingTheField()
    {
        var submission = await Client.SubmitAsync("test_fanin_reserved", null);

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("gives its fan-in task a field 'failures'", job.Error);
        Assert.Equal([1], (await Store.StageListAsync(new StageListParams(job.JobId), default)).Select(s => s.Stage));
    }
}
