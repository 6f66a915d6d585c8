using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class CancelTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task Cancel_RunningJob_CancelsQueuedTasksAtOnceAndStopsRunningHandlersAtTheirHeartbeat()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "block", ["tasks"] = 6 });
        using var stop = new CancellationTokenSource();
        var worker = fixture.CreateWorker(concurrency: 2);
        var running = worker.RunAsync(stop.Token);
        try
        {
            await Eventually.TrueAsync(async () => (await fixture.Client.ListTasksAsync(submission.Job.JobId)).Count(t => t.Status == TaskRecordStatus.Processing) == 2);

            var outcome = await fixture.Client.CancelJobAsync(submission.Job.JobId, "operator said stop");

            Assert.Equal(JobStatus.Cancelled, outcome.Job!.Status);
            Assert.Equal("operator said stop", outcome.Job.Error);
            Assert.Equal(4, outcome.TasksAffected);
            // The two blocked handlers see their token fire at the next heartbeat (a third of the lease).
            await Eventually.TrueAsync(async () => (await fixture.Client.ListTasksAsync(submission.Job.JobId)).All(t => t.Status == TaskRecordStatus.Cancelled));
            Assert.Equal(1, await fixture.Store.EventCountAsync(submission.Job.JobId, "cancelled", null, default));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task Cancel_EndedJob_IsRefusedNamingItsStatus()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 });
        await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        var error = await Assert.ThrowsAsync<GeoConflictException>(() => fixture.Client.CancelJobAsync(submission.Job.JobId));

        Assert.Equal((GeoErrorCategory.Conflict, GeoConflictException.JobStatusId, submission.Job.JobId),
            (error.Category, error.ErrorId, error.Target));
        Assert.Contains("completed", error.Message);
    }

    [Fact]
    public async Task Retry_CompletedJob_IsRefused()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 4 });
        await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        var error = await Assert.ThrowsAsync<GeoConflictException>(() => fixture.Client.RetryJobAsync(submission.Job.JobId));

        Assert.Contains("completed", error.Message);
    }

    [Fact]
    public async Task Retry_CancelledJob_RunsItsCancelledTasksToCompletion()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["tasks"] = 5 });
        await fixture.Client.CancelJobAsync(submission.Job.JobId);
        // Cancelled before any stage was planned: retry has no task to requeue and must plan stage 1.
        var retried = await fixture.Client.RetryJobAsync(submission.Job.JobId);

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(0, retried.TasksAffected);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(5, (await fixture.Client.ListTasksAsync(job.JobId)).Count(t => t.Status == TaskRecordStatus.Completed));
    }

    [Theory]
    [InlineData("not-a-job-id")]
    [InlineData("abcdef0")] // a prefix needs 8 characters
    [InlineData("abcdef0000000000000000000000000000000000000000000000000000000000a")] // 65
    [InlineData("")]
    public async Task CancelAndRetry_MalformedJobId_AreRefusedBeforeAnyQuery(string jobId)
    {
        Assert.Equal("job_id", (await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.CancelJobAsync(jobId))).Errors[0].Field);
        Assert.Equal("job_id", (await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.RetryJobAsync(jobId))).Errors[0].Field);
    }

    [Fact]
    public async Task CancelAndRetry_UnknownJob_ThrowNotFound()
    {
        await Assert.ThrowsAsync<GeoNotFoundException>(() => fixture.Client.CancelJobAsync(new string('c', 64)));
        await Assert.ThrowsAsync<GeoNotFoundException>(() => fixture.Client.RetryJobAsync(new string('c', 64)));
    }
}
