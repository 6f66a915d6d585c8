using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The audit trail through real processes: <c>geoorch job events --follow</c> watching a job that a
/// <c>geoorch worker</c> runs (every event once, in order, the retries with their errors, and it
/// returns when the job ends); a SIGKILLed worker's lease expiry named with its worker id; a
/// cancel's reason.
/// </summary>
public abstract partial class ProcessTests
{
    private static readonly TimeSpan EventsDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task JobEventsFollow_AJobAWorkerProcessRunsWithRetries_WritesEveryEventOnce_AndReturnsWhenItEnds()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 3, ["stages"] = 2, ["delay_ms"] = 50, ["transient_failure_rate"] = 1, ["label"] = Guid.NewGuid().ToString("N"),
        });
        var jobId = submission.Job.JobId;

        // The follower starts before any worker: the job is queued, nothing has run.
        var following = Geoorch.RunAsync(["job", "events", jobId[..16], "--follow", "--output", "json"], ProcessEnvironment, EventsDeadline);
        using var worker = WorkerProcess.Start(["--concurrency", "2", "--poll-interval", "1"], ProcessEnvironment);
        var follow = await following;

        Assert.True(follow.ExitCode == 0, $"exit {follow.ExitCode}; stderr: {follow.Stderr}\n{worker.Tail}");
        var lines = follow.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var stored = await Store.JobEventListAsync(new JobEventListParams(jobId), default);
        Assert.True((await Client.GetJobAsync(jobId)).Status.IsTerminal());
        // Each event once. The follower writes them as they commit: on PostgreSQL two of the worker's transactions
        // can commit in the other order than their ids, so the order is the store's listing only up to that.
        var ids = lines.Select(l => l["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(stored.Select(e => e.Id).Order(), ids.Order());
        Assert.Equal("submitted", lines[0]["kind"]!.GetValue<string>());
        Assert.Equal("finalized", lines[^1]["kind"]!.GetValue<string>());
        var retries = lines.Where(l => l["kind"]!.GetValue<string>() == "task_retrying").ToList();
        Assert.Equal(6, retries.Count);
        Assert.All(retries, r => Assert.Contains("fails its first attempt on purpose", r["detail"]!["error"]!.GetValue<string>()));
        Assert.All(retries, r => Assert.StartsWith($"Task {r["taskId"]!.GetValue<string>()} attempt 1 of ", r["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task KilledWorker_ItsLeaseExpiry_ShowsInTheJobsEventsWithItsWorkerIdAndTheTaskRequeued()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject
        {
            ["tasks"] = 2, ["delay_ms"] = 2000, ["label"] = Guid.NewGuid().ToString("N"),
        });
        var jobId = submission.Job.JobId;
        var clock = Stopwatch.StartNew();
        using var victim = WorkerProcess.Start(["--concurrency", "2", "--lease", "1"], ProcessEnvironment);
        while (await JobLedger.CountAsync(Store, jobId, TaskRecordStatus.Processing) < 2)
        {
            Assert.True(clock.Elapsed < EventsDeadline, $"The worker never ran both tasks.\n{victim.Tail}");
            await Task.Delay(100);
        }
        await victim.CrashAsync();
        using var rescuer = WorkerProcess.Start(["--concurrency", "2", "--lease", "1", "--janitor-interval", "0.2"], ProcessEnvironment);

        var follow = await Geoorch.RunAsync(["job", "events", jobId, "--follow"], ProcessEnvironment, EventsDeadline);
        var listed = await Geoorch.RunAsync(["job", "events", jobId, "--kind", "lease_expired", "--output", "json"], ProcessEnvironment);

        Assert.True(follow.ExitCode == 0, $"exit {follow.ExitCode}; stderr: {follow.Stderr}\n{rescuer.Tail}");
        Assert.Equal(JobStatus.Completed, (await Client.GetJobAsync(jobId)).Status);
        var expired = listed.Json.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(2, expired.Count);
        Assert.All(expired, e =>
        {
            Assert.StartsWith(victim.LeaseOwnerPrefix, e["detail"]!["worker"]!.GetValue<string>());
            Assert.Equal((1, "requeued"), (e["detail"]!["attempt"]!.GetValue<int>(), e["detail"]!["outcome"]!.GetValue<string>()));
        });
        // The table a person reads names the worker too.
        Assert.Contains($"Lease of worker {victim.LeaseOwnerPrefix}", follow.Stdout);
        Assert.Contains("task requeued", follow.Stdout);
    }

    [Fact]
    public async Task JobCancel_WithAReason_TheJobsEventsShowIt()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 2, ["label"] = Guid.NewGuid().ToString("N") });
        var jobId = submission.Job.JobId;

        var cancel = await Geoorch.RunAsync(["job", "cancel", jobId, "--reason", "tiles re-issued upstream"], ProcessEnvironment);
        var events = await Geoorch.RunAsync(["job", "events", jobId, "--kind", "cancelled"], ProcessEnvironment);
        var missing = await Geoorch.RunAsync(["job", "events", "0123456789abcdef"], ProcessEnvironment);

        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        Assert.True(events.ExitCode == 0, events.Stderr);
        Assert.Contains("Job cancelled: tiles re-issued upstream", events.Stdout);
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal("geoorch: Job '0123456789abcdef' was not found.", missing.Stderr.Trim());
    }

    [Fact]
    public async Task JobEventsFollow_InterruptedBySigint_StopsWithExit130_AndLeavesTheJobAsItWas()
    {
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["label"] = Guid.NewGuid().ToString("N") });
        using var follow = Geoorch.Start(["job", "events", submission.Job.JobId, "--follow", "--output", "json"], ProcessEnvironment);
        var stderr = follow.StandardError.ReadToEndAsync();
        // The first event (submitted) shows the follow is under way before it is interrupted.
        var first = await follow.StandardOutput.ReadLineAsync().WaitAsync(EventsDeadline);
        Assert.Equal("submitted", JsonNode.Parse(first!)!["kind"]!.GetValue<string>());

        using (var interrupt = Process.Start("kill", ["-INT", follow.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
        await follow.WaitForExitAsync().WaitAsync(EventsDeadline);

        Assert.True(follow.ExitCode == 130, $"exit {follow.ExitCode}; stderr: {await stderr}");
        Assert.Equal(JobStatus.Queued, (await Client.GetJobAsync(submission.Job.JobId)).Status);
    }
}
