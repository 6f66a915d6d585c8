using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// <c>geoorch run</c> and <c>submit</c> on a job that already existed, and <c>job retry</c> with new
/// timeouts, through real <c>geoorch</c> processes on the test's store: the existing job is named in
/// one warning line (its state, when it ended, the options it was returned without, the retry
/// command that applies them); <c>run</c> does not run a job that had ended (exit 6 unless it
/// completed, nothing written); a retry with a larger task timeout lets it complete.
/// </summary>
public abstract partial class ProcessTests
{
    /// <summary>The noop request whose one 5 s task overruns a 300 ms task timeout; <paramref name="label"/> makes it the test's own.</summary>
    private static string[] SlowNoop(string label) => ["noop", "-p", "tasks=1", "-p", "delay_ms=5000", "-p", $"label={label}"];

    /// <summary>That request, submitted with the 300 ms task timeout and run (in-process) until it failed.</summary>
    private async Task<JobRecord> FailedSlowNoopAsync(string label)
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["delay_ms"] = 5000, ["label"] = label },
            new SubmitOptions { TaskTimeout = TimeSpan.FromMilliseconds(300) });
        var job = await RunUntilTerminalAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        return job;
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task RunCommand_OnAJobThatHadFailed_SaysItIsThatJobAndHowToRetryIt_AndRunsNothing(string output)
    {
        var label = Guid.NewGuid().ToString("N");
        var failed = await FailedSlowNoopAsync(label);
        // Queued work of another job: a worker started by run would take it.
        await Client.SubmitAsync("noop", new JsonObject { ["label"] = "other " + label });
        var before = await StoreSnapshot.TakeAsync(Store);

        var run = await Geoorch.RunAsync(["run", .. SlowNoop(label), "--task-timeout", "30", "-o", output], ProcessEnvironment);

        Assert.True(run.ExitCode == 6, $"exit {run.ExitCode}; stderr: {run.Stderr}");
        var id = failed.JobId[..16];
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"geoorch: warning: job {id} already existed and ended failed at ", line);
        Assert.Contains(": this is that job as it ended, not a new run (--force starts a new run of the same request).", line);
        Assert.Contains("task_timeout stays 300 ms (requested 30 s)", line);
        Assert.EndsWith($"geoorch job retry {id} --task-timeout 30.", line);
        if (output == "json")
            Assert.Equal((failed.JobId, "failed", false), (run.Json["jobId"]!.GetValue<string>(), run.Json["status"]!.GetValue<string>(), run.Json["isNew"]!.GetValue<bool>()));
        else
            Assert.Matches(@"Status\s+failed", run.Stdout);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
    }

    [Fact]
    public async Task SubmitCommand_OnAJobThatHadFailed_WarnsInEitherOutput_AndWithWaitExitsSixAtOnce()
    {
        var label = Guid.NewGuid().ToString("N");
        var failed = await FailedSlowNoopAsync(label);
        var id = failed.JobId[..16];

        var table = await Geoorch.RunAsync(["submit", .. SlowNoop(label)], ProcessEnvironment);
        var json = await Geoorch.RunAsync(["submit", .. SlowNoop(label), "-o", "json"], ProcessEnvironment);
        var wait = await Geoorch.RunAsync(["submit", .. SlowNoop(label), "--wait"], ProcessEnvironment);

        Assert.Equal((0, 0, 6), (table.ExitCode, json.ExitCode, wait.ExitCode));
        Assert.Contains($"Already exists: {failed.JobId} (failed)", table.Stdout);
        Assert.False(json.Json["isNew"]!.GetValue<bool>());
        foreach (var result in new[] { table, json, wait })
        {
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"geoorch: warning: job {id} already existed and ended failed at ", line);
            Assert.EndsWith($"To run what failed or was cancelled again: geoorch job retry {id}.", line);
        }
    }

    [Fact]
    public async Task JobRetryCommand_WithALargerTaskTimeout_LetsTheSameRunCommandComplete()
    {
        var label = Guid.NewGuid().ToString("N");
        var failed = await FailedSlowNoopAsync(label);

        var retry = await Geoorch.RunAsync(["job", "retry", failed.JobId[..16], "--task-timeout", "60", "--job-timeout", "600", "-o", "json"], ProcessEnvironment);
        var run = await Geoorch.RunAsync(["run", .. SlowNoop(label), "-o", "json"], ProcessEnvironment);

        Assert.True(retry.ExitCode == 0, retry.Stderr);
        Assert.Equal(("processing", 60.0, 600.0, 1), (retry.Json["status"]!.GetValue<string>(), retry.Json["taskTimeoutSeconds"]!.GetValue<double>(),
            retry.Json["jobTimeoutSeconds"]!.GetValue<double>(), retry.Json["tasksAffected"]!.GetValue<int>()));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        // The job was live when run found it: run worked on it, and said that it was the existing job.
        Assert.Contains($"geoorch: warning: job {failed.JobId[..16]} already existed and is processing (stage 1 of 1, submitted at ", run.Stderr);
        Assert.Equal(TimeSpan.FromSeconds(60), (await Client.GetJobAsync(failed.JobId)).TaskTimeout);
    }
}
