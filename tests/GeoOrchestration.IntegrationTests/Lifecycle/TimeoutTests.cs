using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

public sealed class TimeoutTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task TaskTimeout_AttemptRunningTooLong_FailsTheTaskAndJobWithTheReason()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "sleep", ["ms"] = 60_000 },
            new SubmitOptions { TaskTimeout = TimeSpan.FromMilliseconds(500) });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(500), job.TaskTimeout);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(job.JobId));
        Assert.Equal(TaskRecordStatus.Failed, task.Status);
        Assert.Equal(1, task.Attempts);
        // The worker's own timer usually records it; the janitor's backstop may get there first.
        Assert.Contains(task.ErrorType, new[] { typeof(TimeoutException).FullName, "TaskTimeout" });
        // The configured limit, in the same words whether the worker's timer or the janitor noticed.
        Assert.Contains("ran longer than its timeout of 500 ms.", job.Error);
    }

    [Fact]
    public async Task JobTimeout_Passed_FailsTheJobAndStopsItsRunningTasks()
    {
        var submission = await fixture.Client.SubmitAsync("test_behaviour", new JsonObject { ["behaviour"] = "block", ["tasks"] = 2 },
            new SubmitOptions { JobTimeout = TimeSpan.FromSeconds(1) });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.EndsWith("The job exceeded its timeout of 1 s.", job.Error);
        Assert.Equal(TimeSpan.FromSeconds(1), job.JobTimeout);
        Assert.NotNull(job.Deadline);
        await Eventually.TrueAsync(async () => (await fixture.Client.ListTasksAsync(job.JobId)).All(t => t.Status == TaskRecordStatus.Cancelled));
    }

    [Theory]
    [InlineData(0.0, null, "task_timeout")]
    [InlineData(-1.0, null, "task_timeout")]
    [InlineData(null, 0.0, "job_timeout")]
    [InlineData(null, 400.0 * 86_400, "job_timeout")]
    public async Task Submit_InvalidTimeout_IsRefusedAndWritesNothing(double? taskSeconds, double? jobSeconds, string field)
    {
        var before = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");
        var options = new SubmitOptions
        {
            TaskTimeout = taskSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            JobTimeout = jobSeconds is { } j ? TimeSpan.FromSeconds(j) : null,
        };

        var error = await Assert.ThrowsAsync<GeoValidationException>(() =>
            fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 5 }, options));

        Assert.Equal(field, error.Errors[0].Field);
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
    }
}
