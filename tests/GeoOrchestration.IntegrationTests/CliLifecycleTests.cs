using GeoOrchestration.Engine;
using System.Diagnostics;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

/// <summary>The executable's cancel, retry and shutdown behaviour, run as separate processes.</summary>
public sealed class CliLifecycleTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    };

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, Environment);

    [Fact]
    public async Task Worker_SigTerm_StopsClaimingHandsBackUnfinishedTasksAndExitsZero()
    {
        var submit = await RunAsync("submit", "noop", "-p", "tasks=3", "-p", "delay_ms=600000", "-o", "json");
        var jobId = submit.Json["jobId"]!.GetValue<string>();
        using var worker = Geoorch.Start(["worker", "--concurrency", "2", "--shutdown-grace", "0.5"], Environment);
        var stderr = worker.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await fixture.Client.ListTasksAsync(jobId)).Count(t => t.Status == TaskRecordStatus.Processing) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the worker process never ran two tasks");
                await Task.Delay(50);
            }

            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString()])) await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await worker.WaitForExitAsync(limit.Token);

            Assert.True(worker.ExitCode == 0, await stderr);
            var tasks = await fixture.Client.ListTasksAsync(jobId);
            Assert.All(tasks, t => Assert.Equal((TaskRecordStatus.Queued, 0), (t.Status, t.Attempts)));
        }
        finally
        {
            if (!worker.HasExited) worker.Kill();
            await fixture.Client.CancelJobAsync(jobId);
        }
    }

    [Fact]
    public async Task Run_SigTermBeforeTheJobEnds_HandsItsTasksBackExitsCancelledAndSaysHowToFinishIt()
    {
        string[] pairs = ["tasks=2", "delay_ms=600000"];
        var jobId = fixture.Client.ComputeJobId("noop", fixture.Client.ParseParameters("noop", null, pairs));
        using var run = Geoorch.Start(["run", "noop", "-p", pairs[0], "-p", pairs[1], "--concurrency", "2", "--shutdown-grace", "0.5"], Environment);
        var stderr = run.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // Read through the store: the job does not exist until the process has submitted it.
            while ((await fixture.Store.TaskListAsync(new TaskListParams(jobId), default)).Count(t => t.Status == TaskRecordStatus.Processing) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "geoorch run never ran two tasks");
                await Task.Delay(50);
            }

            using (var kill = Process.Start("kill", ["-TERM", run.Id.ToString()])) await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await run.WaitForExitAsync(limit.Token);

            var message = await stderr;
            Assert.True(run.ExitCode == GeoOrchestration.Cli.ExitCodes.Cancelled, message);
            Assert.Contains($"geoorch: Stopped before job {jobId} ended; it is still processing", message);
            Assert.Contains("Run the same command again to finish it", message);
            var tasks = await fixture.Client.ListTasksAsync(jobId);
            Assert.All(tasks, t => Assert.Equal((TaskRecordStatus.Queued, 0), (t.Status, t.Attempts)));
        }
        finally
        {
            if (!run.HasExited) run.Kill();
            if (await new EngineSteps(fixture.Store).JobGetAsync(jobId, default) is not null) await fixture.Client.CancelJobAsync(jobId);
        }
    }

    [Fact]
    public async Task JobCancelThenRetry_ThroughTheExecutable_ChangeTheJobAndReportIt()
    {
        var submit = await RunAsync("submit", "noop", "-p", "tasks=4", "-p", "delay_ms=1", "-o", "json");
        var jobId = submit.Json["jobId"]!.GetValue<string>();

        var cancel = await RunAsync("job", "cancel", jobId, "--reason", "testing cancel", "-o", "json");
        var again = await RunAsync("job", "cancel", jobId);
        var retry = await RunAsync("job", "retry", jobId, "-o", "json");
        var run = await RunAsync("worker", "--exit-when-idle", "1");

        Assert.Equal(0, cancel.ExitCode);
        Assert.Equal(("cancelled", "testing cancel"), (cancel.Json["status"]!.GetValue<string>(), cancel.Json["error"]!.GetValue<string>()));
        Assert.Equal(8, again.ExitCode); // a conflict with the job's state, not bad input
        Assert.Contains("cancelled", again.Stderr);
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal("processing", retry.Json["status"]!.GetValue<string>());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(JobStatus.Completed, (await fixture.Client.GetJobAsync(jobId)).Status);
    }

    [Fact]
    public async Task JobTasks_AfterTransientFailures_ShowAttemptsAndTheWorkerThatCompletedEachTask()
    {
        var run = await RunAsync("run", "noop", "-p", "tasks=6", "-p", "transient_failure_rate=1", "-o", "json", "--timeout", "60");
        var jobId = run.Json["jobId"]!.GetValue<string>();

        var tasks = await RunAsync("job", "tasks", jobId, "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.All(tasks.Json.AsArray(), t =>
        {
            Assert.Equal(2, t!["attempts"]!.GetValue<int>());
            Assert.Equal(2, t["result"]!["attempt"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(t["result"]!["worker"]!.GetValue<string>()));
            Assert.Equal("GeoOrchestration.Errors.TransientTaskException", t["errorType"]!.GetValue<string>());
        });
    }

    // The other bad input, on both stores: the conformance suite's bad-input table.
    [Fact]
    public async Task Submit_SchemaNameThatIsNoIdentifier_ExitsTwoWithOneLineAndWritesNothing()
    {
        var before = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var result = await RunAsync("submit", "noop", "--schema", "bad\"name");

        CliAssert.OneLineError(result, 2, "schema");
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
    }
}
