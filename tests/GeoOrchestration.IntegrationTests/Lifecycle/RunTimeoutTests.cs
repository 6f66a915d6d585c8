using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>
/// `run` with a timeout returns at its timeout: the in-process worker's running handlers get no
/// shutdown grace (an hour here), their tasks go back to the queue for another worker.
/// </summary>
public sealed class RunTimeoutTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static JsonObject HourLongTask() => new()
    {
        ["tasks"] = 1, ["delay_ms"] = 3_600_000, ["label"] = Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task RunAsync_TimeoutWhileAHandlerRuns_SaysSoWithoutWaitingForTheGraceAndHandsTheTaskBack()
    {
        var parameters = HourLongTask();
        var options = new WorkerOptions { ShutdownGrace = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromSeconds(1) };

        // The bound only keeps a failing test from hanging for the hour of grace.
        var run = await fixture.Client.RunAsync(fixture.Client.PrepareSubmission("noop", parameters),
            new RunOptions { Worker = options, Timeout = TimeSpan.FromSeconds(5) }).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.IsType<GeoTimeoutException>(run.TimedOut);

        var jobId = fixture.Client.ComputeJobId("noop", parameters);
        var task = Assert.Single(await fixture.Client.ListTasksAsync(jobId));
        Assert.Equal((TaskRecordStatus.Queued, 0, null), (task.Status, task.Attempts, task.LeaseOwner));
        await fixture.Client.CancelJobAsync(jobId);
    }

    [Fact]
    public async Task Run_TimeoutOfOneSecond_ExitsWithTheTimeoutCode()
    {
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = fixture.Schema };
        var label = Guid.NewGuid().ToString("N");

        var run = await Geoorch.RunAsync(["run", "noop", "-p", "tasks=1", "-p", "delay_ms=3600000", "-p", $"label={label}",
            "--shutdown-grace", "3600", "--timeout", "1"], environment);

        Assert.True(run.ExitCode == 5, run.Stderr);
        Assert.Contains("after 1 s", run.Stderr);
        var jobId = fixture.Client.ComputeJobId("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 3_600_000, ["label"] = label });
        // The job goes on after the wait gives up; on a loaded machine the worker may not have planned it within the second.
        var status = (await fixture.Client.GetJobAsync(jobId)).Status;
        Assert.True(status is JobStatus.Queued or JobStatus.Processing, $"the job is {status}");
        await fixture.Client.CancelJobAsync(jobId);
    }
}
