using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>Failure stops the job: a task that fails for good fails its job and cancels the job's tasks that have not started.</summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task TaskFail_Permanent_FailsTheJobAndCancelsItsQueuedTasksWhileRunningOnesAreLeftToTheirWorkers()
    {
        var (jobId, _) = await PlannedAsync(4);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 2, LongLease), default);
        Assert.Equal(2, claimed.Count);

        var outcome = await Steps.TaskFailAsync(new TaskFailParams(claimed[0].TaskId!, "w", claimed[0].Attempt, "System.ArgumentException", "bad tile", null), default);

        Assert.Equal(TaskFailStatus.JobFailed, outcome.Status);
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(claimed[0].TaskId!, job.Error);
        Assert.Contains("bad tile", job.Error);
        var stored = (await TasksAsync(jobId)).ToDictionary(t => t.TaskId);
        Assert.Equal(("System.ArgumentException", "bad tile", TaskRecordStatus.Failed),
            (stored[claimed[0].TaskId!].ErrorType, stored[claimed[0].TaskId!].ErrorMessage, stored[claimed[0].TaskId!].Status));
        Assert.Equal(TaskRecordStatus.Processing, stored[claimed[1].TaskId!].Status);
        Assert.Equal(2, stored.Values.Count(t => t.Status == TaskRecordStatus.Cancelled));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Failed));
        Assert.Empty(await WorkAsync(jobId));

        // The worker still running a task learns of the failure at its next heartbeat and stops it.
        var renewal = Assert.Single(await Store.LeaseRenewAsync(new LeaseRenewParams("w", [new TaskHeartbeat(claimed[1].TaskId!, claimed[1].Attempt, null, null)], LongLease), default));
        Assert.Equal(JobStatus.Failed, renewal.JobStatus);
        Assert.Equal(TaskCancelStatus.Cancelled, await Store.TaskCancelAsync(new TaskCancelParams(claimed[1].TaskId!, "w", claimed[1].Attempt), default));
        Assert.Equal(TaskRecordStatus.Cancelled, (await TaskAsync(jobId, claimed[1].TaskId!)).Status);
        Assert.Equal(TaskFailStatus.NotRunning,
            (await Steps.TaskFailAsync(new TaskFailParams(claimed[0].TaskId!, "w", claimed[0].Attempt, "System.ArgumentException", "again", null), default)).Status);
    }

    [Fact]
    public async Task Task_FailingPermanently_FailsTheJobAndCancelsItsQueuedTasks()
    {
        // The others hold a while, so the failure lands while most of them are still queued.
        var submission = await Client.SubmitAsync("test_failing", new JsonObject { ["tasks"] = 40, ["fail_key"] = "t0", ["hold_ms"] = 30 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId, concurrency: 1);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(TaskId(job.JobId, 1, "t0"), job.Error);
        Assert.Contains("was told to fail", job.Error);
        var tasks = await TasksAsync(job.JobId);
        var failed = Assert.Single(tasks, t => t.Status == TaskRecordStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("PermanentTaskException", failed.ErrorType);
        Assert.DoesNotContain(tasks, t => t.Status is TaskRecordStatus.Queued or TaskRecordStatus.Processing or TaskRecordStatus.Pending);
        Assert.Contains(tasks, t => t.Status == TaskRecordStatus.Cancelled);
        Assert.Equal([1], (await Store.StageListAsync(new StageListParams(job.JobId), default)).Select(s => s.Stage));
    }
}
