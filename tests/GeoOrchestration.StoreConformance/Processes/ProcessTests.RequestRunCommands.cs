using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Runs of a request and removing a job through real <c>geoorch</c> processes on the test's store:
/// <c>run --force</c> runs a new run of a request whose job had ended (a plain <c>run</c> warns and
/// names <c>--force</c>), <c>job list --request</c> lists its runs, <c>job remove</c> deletes an ended
/// job (exit 0) and refuses a live one (exit 8, conflict, nothing deleted).
/// </summary>
public abstract partial class ProcessTests
{
    private static string[] RunsNoop(string label) => ["noop", "-p", "tasks=2", "-p", $"label={label}"];

    [Fact]
    public async Task RunCommand_Force_RunsANewRunOfARequestThatHadEnded_AndJobListByRequestShowsBoth()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);

        var plain = await Geoorch.RunAsync(["run", .. RunsNoop(label)], ProcessEnvironment);
        var forced = await Geoorch.RunAsync(["run", .. RunsNoop(label), "--force", "-o", "json"], ProcessEnvironment);
        var list = await Geoorch.RunAsync(["job", "list", "--request", first.JobId[..8], "-o", "json"], ProcessEnvironment);

        Assert.True(plain.ExitCode == 0, $"exit {plain.ExitCode}; stderr: {plain.Stderr}");
        var warning = Assert.Single(plain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"geoorch: warning: job {first.JobId[..16]} already existed and ended completed at ", warning);
        Assert.EndsWith("not a new run (--force starts a new run of the same request).", warning);
        Assert.True(forced.ExitCode == 0, $"exit {forced.ExitCode}; stderr: {forced.Stderr}");
        Assert.Equal("", forced.Stderr);
        Assert.Equal((true, "completed", 2, first.JobId),
            (forced.Json["isNew"]!.GetValue<bool>(), forced.Json["status"]!.GetValue<string>(), forced.Json["run"]!.GetValue<int>(),
             forced.Json["requestId"]!.GetValue<string>()));
        var newRun = forced.Json["jobId"]!.GetValue<string>();
        Assert.Equal(2, (await TasksAsync(newRun)).Count(t => t.Status == TaskRecordStatus.Completed));
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(new[] { (newRun, 2), (first.JobId, 1) },
            list.Json.AsArray().Select(j => (j!["jobId"]!.GetValue<string>(), j["run"]!.GetValue<int>())));
    }

    [Fact]
    public async Task SubmitCommand_Verbose_OnAJobThatHadEnded_AddsTheDetailsLineAfterTheWarning()
    {
        var label = Guid.NewGuid().ToString("N");
        var first = await CompletedFirstRunAsync(label);

        var submit = await Geoorch.RunAsync(["submit", .. RunsNoop(label), "--verbose"], ProcessEnvironment);

        Assert.Equal(0, submit.ExitCode);
        var lines = submit.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Array.FindIndex(lines, l => l.StartsWith($"geoorch: warning: job {first.JobId[..16]} already existed and ended completed", StringComparison.Ordinal));
        Assert.True(warning >= 0, submit.Stderr);
        Assert.StartsWith($"geoorch: job {first.JobId} (noop) is the job of these parameters and run key (run 1 of request {first.JobId}, its latest): ",
            lines[warning + 1]);
        Assert.EndsWith("--force starts a new run, another run key makes a new job.", lines[warning + 1]);
    }

    [Fact]
    public async Task SubmitCommand_ForceWhileTheLatestRunIsQueued_ExitsEightNamingIt_AndCreatesNothing()
    {
        var label = Guid.NewGuid().ToString("N");
        var queued = await Client.SubmitAsync("noop", RunsRequest(label));
        var before = await StoreSnapshot.TakeAsync(Store);

        var forced = await Geoorch.RunAsync(["submit", .. RunsNoop(label), "--force"], ProcessEnvironment);

        Assert.True(forced.ExitCode == 8, $"exit {forced.ExitCode}; stderr: {forced.Stderr}");
        var line = Assert.Single(forced.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Job {queued.Job.JobId[..16]} was not run again: run 1 of this request is still queued", line);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        await Client.CancelJobAsync(queued.Job.JobId);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task JobRemoveCommand_EndedJob_DeletesIt_LiveJob_ExitsEightAndDeletesNothing(string output)
    {
        var label = Guid.NewGuid().ToString("N");
        var ended = await CompletedFirstRunAsync(label);
        var live = (await Client.SubmitAsync("noop", RunsRequest(label + " live"))).Job;

        var removed = await Geoorch.RunAsync(["job", "remove", ended.JobId[..10], "-o", output], ProcessEnvironment);
        var before = await StoreSnapshot.TakeAsync(Store);
        var refused = await Geoorch.RunAsync(["job", "remove", live.JobId, "-o", output], ProcessEnvironment);
        var missing = await Geoorch.RunAsync(["job", "remove", ended.JobId], ProcessEnvironment);

        Assert.True(removed.ExitCode == 0, $"exit {removed.ExitCode}; stderr: {removed.Stderr}");
        if (output == "json")
            Assert.Equal((ended.JobId, true, 2), (removed.Json["jobId"]!.GetValue<string>(), removed.Json["removed"]!.GetValue<bool>(),
                removed.Json["tasksRemoved"]!.GetValue<int>()));
        else
            Assert.StartsWith($"Removed: {ended.JobId} (noop, completed, run 1) with 2 task(s)", removed.Stdout);
        Assert.Null(await Steps.JobGetAsync(ended.JobId, default));
        Assert.Empty(await TasksAsync(ended.JobId));
        Assert.True(refused.ExitCode == 8, $"exit {refused.ExitCode}; stderr: {refused.Stderr}");
        if (output == "json")
            Assert.Equal(("JobStatusConflict", "conflict", live.JobId),
                (refused.Json["error"]!["id"]!.GetValue<string>(), refused.Json["error"]!["category"]!.GetValue<string>(),
                 refused.Json["error"]!["target"]!.GetValue<string>()));
        else
            Assert.Contains($"Job {live.JobId} is queued; it can be removed only once it has ended", refused.Stderr);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        Assert.Equal(3, missing.ExitCode);
        await Client.CancelJobAsync(live.JobId);
    }
}
