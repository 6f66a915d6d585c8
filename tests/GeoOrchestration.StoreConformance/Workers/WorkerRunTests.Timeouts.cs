using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A task attempt may run for its task timeout, a job for its job timeout from submission (or
/// retry); the store keeps both as configured, however long, and the reason states the limit.
/// </summary>
public abstract partial class WorkerRunTests
{
    [Fact]
    public async Task TaskTimeout_AttemptRunningTooLong_FailsTheTaskAndJobWithTheReason()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 60_000, ["run"] = Guid.NewGuid().ToString("N") },
            new SubmitOptions { TaskTimeout = TimeSpan.FromMilliseconds(500) });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(500), job.TaskTimeout);
        var task = Assert.Single(await TasksAsync(job.JobId));
        Assert.Equal((TaskRecordStatus.Failed, 1, TimeSpan.FromMilliseconds(500)), (task.Status, task.Attempts, task.Timeout));
        // The worker's own timer usually records it; the janitor's backstop may get there first.
        Assert.Contains(task.ErrorType, new[] { typeof(TimeoutException).FullName, "TaskTimeout" });
        // The configured limit, in the same words whether the worker's timer or the janitor noticed.
        Assert.Contains("ran longer than its timeout of 500 ms.", job.Error);
    }

    [Fact]
    public async Task TaskTimeout_WorkerStillHeartbeatingWhileItsHandlerHangs_TheJanitorFailsTheAttempt()
    {
        var (jobId, tasks) = await PlannedAsync(2, new SubmitOptions { TaskTimeout = TimeSpan.FromMilliseconds(300) });
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("hung", 1, LongLease), default);
        var hung = Assert.Single(claimed);

        await Eventually.TrueAsync(async () => (await Steps.JanitorRunAsync(default))?.TasksTimedOut == 1);

        var task = await TaskAsync(jobId, hung.TaskId!);
        Assert.Equal(("TaskTimeout", TaskRecordStatus.Failed), (task.ErrorType, task.Status));
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"Task {hung.TaskId} failed: ", job.Error);
        Assert.Contains("ran longer than its timeout of 300 ms.", job.Error);
        Assert.Equal(TaskRecordStatus.Cancelled, (await TaskAsync(jobId, tasks.Single(t => t.TaskId != hung.TaskId).TaskId)).Status);
        Assert.Empty(await Store.LeaseRenewAsync(new LeaseRenewParams("hung", [new TaskHeartbeat(hung.TaskId!, hung.Attempt, null, null)], LongLease), default));
    }

    [Fact]
    public async Task JobTimeout_Passed_FailsTheJobAndStopsItsRunningTasks()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "block", ["tasks"] = 2, ["run"] = Guid.NewGuid().ToString("N") },
            new SubmitOptions { JobTimeout = TimeSpan.FromSeconds(1) });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.EndsWith("The job exceeded its timeout of 1 s.", job.Error);
        Assert.Equal(TimeSpan.FromSeconds(1), job.JobTimeout);
        Assert.Equal(job.Created + TimeSpan.FromSeconds(1), job.Deadline);
        await Eventually.TrueAsync(async () => (await TasksAsync(job.JobId)).All(t => t.Status == TaskRecordStatus.Cancelled));
    }

    [Theory]
    [InlineData(0.0, null, "task_timeout")]
    [InlineData(-1.0, null, "task_timeout")]
    [InlineData(null, 0.0, "job_timeout")]
    [InlineData(null, 400.0 * 86_400, "job_timeout")]
    public async Task Submit_InvalidTimeout_IsRefusedAndWritesNothing(double? taskSeconds, double? jobSeconds, string field)
    {
        var options = new SubmitOptions
        {
            TaskTimeout = taskSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            JobTimeout = jobSeconds is { } j ? TimeSpan.FromSeconds(j) : null,
        };

        var error = await Assert.ThrowsAsync<GeoValidationException>(() =>
            Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 5 }, options));

        Assert.Equal(field, error.Errors[0].Field);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task TaskTimeout_LongerThanATimerCanWait_TheTaskRunsAndCompletes()
    {
        // Durations the options allow (up to a year) but no .NET timer can wait (about 49.7 days):
        // the store keeps them as given and the worker must not hand them to a timer as they are.
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["run"] = Guid.NewGuid().ToString("N") },
            new SubmitOptions { TaskTimeout = TimeSpan.FromDays(100) });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal((JobStatus.Completed, TimeSpan.FromDays(100)), (job.Status, job.TaskTimeout));
        var task = Assert.Single(await TasksAsync(job.JobId));
        Assert.Equal((1, TimeSpan.FromDays(100)), (task.Attempts, task.Timeout));
    }

    [Fact]
    public async Task Shutdown_GraceLongerThanATimerCanWait_LetsTheRunningHandlerFinish()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 1000, ["run"] = Guid.NewGuid().ToString("N") });
        await using var worker = StartWorker(new WorkerOptions
        {
            ShutdownGrace = TimeSpan.FromDays(100), Lease = TimeSpan.FromDays(200), JanitorInterval = TimeSpan.FromDays(100),
            PollInterval = TimeSpan.FromDays(300),
        });
        await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).Any(t => t.Status == TaskRecordStatus.Processing));

        await worker.StopAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TaskRecordStatus.Completed, Assert.Single(await TasksAsync(submission.Job.JobId)).Status);
    }
}
