using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Retention through real <c>geoorch</c> processes (issue 23 part 1): <c>retention get|set</c> in table and
/// json, <c>prune</c> with a filter and <c>--dry-run</c>, bad input refused with exit 2 and one line naming
/// the option (nothing written), and a real worker process applying the policy while another drains.
/// </summary>
public abstract partial class ProcessTests
{
    [Fact]
    public async Task RetentionCommands_GetAndSet_InTableAndJson_ForeverIncluded()
    {
        var set = await Geoorch.RunAsync(["retention", "set", "--failed", "forever", "--completed", "36h", "-o", "json"], ProcessEnvironment);
        var table = await Geoorch.RunAsync(["retention", "get"], ProcessEnvironment);

        Assert.True(set.ExitCode == 0, $"exit {set.ExitCode}; stderr: {set.Stderr}");
        var settings = set.Json.AsArray().ToDictionary(s => s!["status"]!.GetValue<string>(), s => s!);
        Assert.Equal(["completed", "completed_with_errors", "failed", "cancelled"], settings.Keys);
        Assert.Equal(("forever", null), (settings["failed"]["keepFor"]!.GetValue<string>(), settings["failed"]["keepForSeconds"]));
        Assert.Equal(("1 d 12 h", 129_600.0), (settings["completed"]["keepFor"]!.GetValue<string>(), settings["completed"]["keepForSeconds"]!.GetValue<double>()));
        Assert.Equal("30 d", settings["completed_with_errors"]["keepFor"]!.GetValue<string>());
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"(?m)^STATUS\s+KEEP FOR\s+UPDATED", table.Stdout);
        Assert.Matches(@"(?m)^failed\s+forever\s", table.Stdout);
        Assert.Matches(@"(?m)^cancelled\s+7 d\s", table.Stdout);
        Assert.Equal((TimeSpan?)TimeSpan.FromHours(36), (await Store.RetentionGetAsync(default))[JobStatus.Completed].KeepFor);
    }

    [Theory]
    [InlineData("retention set --failed -1d", "--failed", "0 or more")]
    [InlineData("retention set --cancelled soon", "--cancelled", "not a duration")]
    [InlineData("retention set", "--completed", "at least one")]
    [InlineData("prune --status processing", "--status", "'processing' is not an ended status")]
    [InlineData("prune --status completed,bogus --dry-run", "--status", "'bogus' is not an ended status")]
    [InlineData("prune --older-than yesterday", "--older-than", "not a duration")]
    [InlineData("prune --older-than -5", "--older-than", "0 or more")]
    public async Task RetentionCommands_BadInput_ExitTwoWithOneLineNamingTheOption_AndWriteNothing(string command, string option, string rule)
    {
        var job = await CompletedFirstRunAsync(Guid.NewGuid().ToString("N"));
        var policy = await Store.RetentionGetAsync(default);
        var before = await StoreSnapshot.TakeAsync(Store);

        var result = await Geoorch.RunAsync(command.Split(' '), ProcessEnvironment);

        CliAssert.OneLineError(result, 2, option, rule);
        Assert.Equal(policy, await Store.RetentionGetAsync(default));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
        Assert.NotNull(await Steps.JobGetAsync(job.JobId, default));
    }

    [Fact]
    public async Task PruneCommand_DryRunCounts_ThenRemovesJustTheJobsOfTheFilter_AndWithoutFilterAppliesThePolicy()
    {
        var completed = await CompletedFirstRunAsync(Guid.NewGuid().ToString("N"));
        var cancelled = (await Client.SubmitAsync("noop", RunsRequest(Guid.NewGuid().ToString("N")))).Job;
        await Client.CancelJobAsync(cancelled.JobId);
        var before = await StoreSnapshot.TakeAsync(Store);

        var dryRun = await Geoorch.RunAsync(["prune", "--status", "completed", "--older-than", "0", "--dry-run", "-o", "json"], ProcessEnvironment);
        var unchanged = await StoreSnapshot.TakeAsync(Store);
        var policy = await Geoorch.RunAsync(["prune"], ProcessEnvironment);
        var prune = await Geoorch.RunAsync(["prune", "--status", "completed", "-o", "json"], ProcessEnvironment);

        Assert.True(dryRun.ExitCode == 0, $"exit {dryRun.ExitCode}; stderr: {dryRun.Stderr}");
        Assert.Equal((true, 1L, 2L), (dryRun.Json["dryRun"]!.GetValue<bool>(), dryRun.Json["jobs"]!.GetValue<long>(), dryRun.Json["tasks"]!.GetValue<long>()));
        Assert.Equal(before, unchanged);
        // The stored policy keeps both for days: nothing goes.
        Assert.Equal(0, policy.ExitCode);
        Assert.StartsWith("Removed 0 job(s) with 0 task(s) (the store's retention policy)", policy.Stdout);
        Assert.True(prune.ExitCode == 0, $"exit {prune.ExitCode}; stderr: {prune.Stderr}");
        Assert.Equal((1, 2L), (prune.Json["jobs"]!.GetValue<int>(), prune.Json["tasks"]!.GetValue<long>()));
        Assert.Null(await Steps.JobGetAsync(completed.JobId, default));
        Assert.Empty(await TasksAsync(completed.JobId));
        Assert.Equal(JobStatus.Cancelled, (await Steps.JobGetAsync(cancelled.JobId, default))!.Status);
    }

    [Fact]
    public async Task WorkerProcess_PruningOldJobs_WhileAnotherDrains_LeavesTheDrainingJobWhole()
    {
        // Ended jobs to prune: cancelled ones with planned tasks, kept 0 s by the policy. Completed ones are kept.
        var old = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (jobId, _) = await PlannedAsync(300 + i);
            await Client.CancelJobAsync(jobId);
            old.Add(jobId);
        }
        await Store.RetentionSetAsync(new RetentionSetParams([new RetentionChange(JobStatus.Cancelled, TimeSpan.Zero)]), default);
        var draining = (await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1500, ["label"] = Guid.NewGuid().ToString("N") })).Job;

        using var pruner = WorkerProcess.Start(["--concurrency", "1", "--janitor-interval", "0.2", "--prune-interval", "0.2", "--poll-interval", "1"], ProcessEnvironment);
        using var drainer = WorkerProcess.Start(["--concurrency", "8", "--no-janitor", "--poll-interval", "1"], ProcessEnvironment);
        try
        {
            await Eventually.TrueAsync(async () => (await Steps.JobGetAsync(draining.JobId, default))!.Status.IsTerminal(), seconds: 120);
            await Eventually.TrueAsync(async () =>
            {
                foreach (var jobId in old) if (await Steps.JobGetAsync(jobId, default) is not null) return false;
                return true;
            }, seconds: 60);
        }
        finally
        {
            await pruner.TerminateAsync(TimeSpan.FromSeconds(30));
            await drainer.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(JobStatus.Completed == (await Steps.JobGetAsync(draining.JobId, default))!.Status, pruner.Tail + "\n" + drainer.Tail);
        var tasks = await TasksAsync(draining.JobId);
        Assert.Equal(1500, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal(1, await EventCountAsync(draining.JobId, JobEventKind.Finalized));
        foreach (var jobId in old) await AssertGoneForProcessesAsync(jobId);
    }

    private async Task AssertGoneForProcessesAsync(string jobId)
    {
        Assert.Empty(await TasksAsync(jobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(jobId), default));
        Assert.Empty(await Store.JobEventListAsync(new JobEventListParams(jobId), default));
        Assert.Empty(await WorkAsync(jobId));
    }
}
