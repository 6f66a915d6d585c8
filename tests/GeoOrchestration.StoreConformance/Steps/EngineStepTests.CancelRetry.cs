using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Cancel ends a live job at once (queued tasks cancelled, running handlers stopped at their next
/// heartbeat); retry brings a failed or cancelled job back. Either is refused, naming the status,
/// for a job in the wrong state.
/// </summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task Cancel_RunningJob_CancelsQueuedTasksAtOnceAndStopsRunningHandlersAtTheirHeartbeat()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "block", ["tasks"] = 6, ["run"] = Guid.NewGuid().ToString("N") });
        await using var worker = StartWorker(TestOptions(concurrency: 2));
        await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).Count(t => t.Status == TaskRecordStatus.Processing) == 2);

        var outcome = await Client.CancelJobAsync(submission.Job.JobId, "operator said stop");

        Assert.Equal(JobStatus.Cancelled, outcome.Job!.Status);
        Assert.Equal("operator said stop", outcome.Job.Error);
        Assert.Equal(4, outcome.TasksAffected);
        // The two blocked handlers see their token fire at the next heartbeat (a third of the lease).
        await Eventually.TrueAsync(async () => (await TasksAsync(submission.Job.JobId)).All(t => t.Status == TaskRecordStatus.Cancelled));
        Assert.Equal(1, await EventCountAsync(submission.Job.JobId, JobEventKind.Cancelled));
        Assert.Empty(await WorkAsync(submission.Job.JobId));
    }

    [Fact]
    public async Task Cancel_EndedJob_IsRefusedNamingItsStatus()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 });
        await RunUntilTerminalAsync(submission.Job.JobId);

        var error = await Assert.ThrowsAsync<GeoConflictException>(() => Client.CancelJobAsync(submission.Job.JobId));

        Assert.Equal((GeoErrorCategory.Conflict, GeoConflictException.JobStatusId, submission.Job.JobId),
            (error.Category, error.ErrorId, error.Target));
        Assert.Contains("completed", error.Message);
    }

    [Fact]
    public async Task Retry_CompletedJob_IsRefused()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 4 });
        await RunUntilTerminalAsync(submission.Job.JobId);

        var error = await Assert.ThrowsAsync<GeoConflictException>(() => Client.RetryJobAsync(submission.Job.JobId));

        Assert.Contains("completed", error.Message);
    }

    [Fact]
    public async Task Retry_CancelledJob_RunsItsCancelledTasksToCompletion()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["tasks"] = 5, ["run"] = Guid.NewGuid().ToString("N") });
        await Client.CancelJobAsync(submission.Job.JobId);
        // Cancelled before any stage was planned: retry has no task to requeue and must plan stage 1.
        var retried = await Client.RetryJobAsync(submission.Job.JobId);

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(0, retried.TasksAffected);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(5, (await TasksAsync(job.JobId)).Count(t => t.Status == TaskRecordStatus.Completed));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Retried));
    }

    [Theory]
    [InlineData("not-a-job-id")]
    [InlineData("abcdef0")] // a prefix needs 8 characters
    [InlineData("abcdef0000000000000000000000000000000000000000000000000000000000a")] // 65
    [InlineData("")]
    public async Task CancelAndRetry_MalformedJobId_AreRefusedBeforeAnyQuery(string jobId)
    {
        Assert.Equal("job_id", (await Assert.ThrowsAsync<GeoValidationException>(() => Client.CancelJobAsync(jobId))).Errors[0].Field);
        Assert.Equal("job_id", (await Assert.ThrowsAsync<GeoValidationException>(() => Client.RetryJobAsync(jobId))).Errors[0].Field);
    }

    [Fact]
    public async Task CancelAndRetry_UnknownJob_ThrowNotFound()
    {
        await Assert.ThrowsAsync<GeoNotFoundException>(() => Client.CancelJobAsync(new string('c', 64)));
        await Assert.ThrowsAsync<GeoNotFoundException>(() => Client.RetryJobAsync(new string('c', 64)));
    }
}
