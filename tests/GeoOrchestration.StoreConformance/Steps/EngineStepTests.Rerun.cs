using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Retrying what ended with errors (test_rerun: convert, index, catalog, each tolerating failures,
/// which fail while their "broken input" file exists): the retry re-opens the earliest stage with
/// tolerated failures, runs only its failed tasks again (what completed keeps its result and is not
/// run again), plans every later stage again from the new results (their old tasks removed) and
/// finalizes again, so the job's result is the new run's. And a retry may replace the timeouts that
/// made a job fail.
/// </summary>
public abstract partial class EngineStepTests
{
    /// <summary>A test_rerun job of <paramref name="tasks"/> inputs whose <paramref name="broken"/> inputs fail, run to its end.</summary>
    private async Task<(JobRecord Job, string Folder)> CompletedWithErrorsAsync(int tasks, params string[] broken)
    {
        var folder = Directory.CreateTempSubdirectory("geoorch-rerun-").FullName;
        foreach (var marker in broken) await File.WriteAllTextAsync(Path.Combine(folder, marker), "broken");
        var submission = await Client.SubmitAsync("test_rerun", new JsonObject { ["tasks"] = tasks, ["broken"] = folder });
        var job = await RunUntilTerminalAsync(submission.Job.JobId);
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        return (job, folder);
    }

    private static void Fix(string folder)
    {
        foreach (var marker in Directory.GetFiles(folder)) File.Delete(marker);
    }

    private static int Starts(string taskId) => RerunStepHandler.Starts.GetValueOrDefault(taskId);

    private static IEnumerable<string> Keys(JsonNode? array) => array!.AsArray().Select(k => k!.GetValue<string>());

    [Fact]
    public async Task Retry_CompletedWithErrorsInTheFirstOfThreeStages_RunsItsFailuresAgainAndPlansTheLaterStagesAgain()
    {
        var (ended, folder) = await CompletedWithErrorsAsync(5, "s1-t1", "s1-t3");
        var jobId = ended.JobId;
        Assert.Equal(["t1", "t3"], ended.Result!["failed_tasks"]!.AsArray().Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.Equal(3, (await TasksAsync(jobId, stage: 2)).Count);
        var firstCompleted = (await TasksAsync(jobId, stage: 1)).Where(t => t.Status == TaskRecordStatus.Completed).ToDictionary(t => t.TaskId, t => t.Result!.ToJsonString());
        Fix(folder);

        var retry = await Client.RetryJobAsync(jobId);

        Assert.Equal((JobStatus.Processing, 1), (retry.Job!.Status, retry.Job.Stage));
        Assert.Null(retry.Job.Result);
        Assert.Equal((2, 1, 4), (retry.TasksAffected, retry.ReopenedStage, retry.TasksRemoved)); // 3 index tasks and the catalog removed
        Assert.Equal([1], (await Store.StageListAsync(new StageListParams(jobId), default)).Select(s => s.Stage));
        var stage1 = await StageAsync(jobId, 1);
        Assert.Equal((5, 2, 0), (stage1.TaskCount, stage1.Remaining, stage1.Failed));
        Assert.Null(stage1.AdvancedAt);

        var job = await RunUntilTerminalAsync(jobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.False(job.Result!.AsObject().ContainsKey("failed_tasks"));
        Assert.Empty(await Steps.TaskFailuresAsync(jobId, default));
        var tasks = await TasksAsync(jobId);
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal([5, 5, 1], tasks.GroupBy(t => t.Stage).OrderBy(g => g.Key).Select(g => g.Count()));
        // What completed was not run again and kept its result; the failures ran once more; the later stages ran again.
        Assert.All(firstCompleted, c => Assert.Equal((1, c.Value), (Starts(c.Key), tasks.Single(t => t.TaskId == c.Key).Result!.ToJsonString())));
        Assert.All(tasks.Where(t => t.Stage == 1 && !firstCompleted.ContainsKey(t.TaskId)), t => Assert.Equal(2, Starts(t.TaskId)));
        Assert.Equal(2, Starts(tasks.Single(t => t.Stage == 2 && t.TaskKey == "t0").TaskId));
        Assert.Equal(1, Starts(tasks.Single(t => t.Stage == 2 && t.TaskKey == "t1").TaskId));
        var catalog = tasks.Single(t => t.Stage == 3).Result!;
        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], Keys(catalog["indexed"]).Order());
        Assert.Empty(Keys(catalog["failed"]));
        var retried = Assert.Single(await Store.JobEventListAsync(new JobEventListParams(jobId), default), e => e.Kind == JobEventKind.Retried);
        Assert.Equal(("completed_with_errors", 1, 4, 2), (retried.Detail!["from"]!.GetValue<string>(), retried.Detail["rerun_from_stage"]!.GetValue<int>(),
            retried.Detail["removed_tasks"]!.GetValue<int>(), retried.Detail["tasks"]!.GetValue<int>()));
        Assert.Equal(2, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(2, await EventCountAsync(jobId, JobEventKind.StagePlanned, 2));
        Assert.Equal(2, await EventCountAsync(jobId, JobEventKind.Finalized));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Retry_CompletedWithErrorsInTheLastStage_RunsOnlyThatTaskAgainAndFinalizesAgain()
    {
        var (ended, folder) = await CompletedWithErrorsAsync(3, "s3-fan_in");
        var jobId = ended.JobId;
        var before = (await TasksAsync(jobId)).Where(t => t.Stage < 3).ToDictionary(t => t.TaskId, t => t.Result!.ToJsonString());
        Fix(folder);

        var retry = await Client.RetryJobAsync(jobId);

        Assert.Equal((1, 3, 0), (retry.TasksAffected, retry.ReopenedStage, retry.TasksRemoved));
        Assert.Equal(3, retry.Job!.Stage);
        var job = await RunUntilTerminalAsync(jobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var tasks = await TasksAsync(jobId);
        Assert.All(before, b => Assert.Equal((1, b.Value), (Starts(b.Key), tasks.Single(t => t.TaskId == b.Key).Result!.ToJsonString())));
        var catalog = tasks.Single(t => t.Stage == 3);
        Assert.Equal((TaskRecordStatus.Completed, 2), (catalog.Status, Starts(catalog.TaskId)));
        Assert.Equal(["t0", "t1", "t2"], Keys(catalog.Result!["indexed"]).Order());
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StagePlanned, 3));
        Assert.Equal(2, await EventCountAsync(jobId, JobEventKind.StageCompleted, 3));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 2));
        Assert.Equal(2, await EventCountAsync(jobId, JobEventKind.Finalized));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Retry_CompletedWithErrorsAgain_WhenTheInputIsStillBroken_EndsCompletedWithErrorsListingTheNewRunsFailures()
    {
        var (ended, folder) = await CompletedWithErrorsAsync(4, "s1-t0", "s1-t2");
        File.Delete(Path.Combine(folder, "s1-t0")); // one fixed, one not

        await Client.RetryJobAsync(ended.JobId);
        var job = await RunUntilTerminalAsync(ended.JobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(["t2"], job.Result!["failed_tasks"]!.AsArray().Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.Equal(1, job.Result["failed_task_count"]!.GetValue<int>());
        Assert.Equal(["t0", "t1", "t3"], Keys((await TasksAsync(job.JobId, stage: 3)).Single().Result!["indexed"]).Order());
        // And again, once fixed: a job can be retried as often as it ends with errors.
        Fix(folder);
        await Client.RetryJobAsync(job.JobId);
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(job.JobId)).Status);
        Assert.Equal(3, await EventCountAsync(job.JobId, JobEventKind.Finalized));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Retry_CompletedWithErrorsByAThrowingFinalize_RunsTheFinalizeAgain()
    {
        var submission = await Client.SubmitAsync("test_finalize_throws", null);
        Assert.Equal(JobStatus.CompletedWithErrors, (await RunUntilTerminalAsync(submission.Job.JobId)).Status);

        var retry = await Client.RetryJobAsync(submission.Job.JobId);

        Assert.Equal((0, null, 0), (retry.TasksAffected, retry.ReopenedStage, retry.TasksRemoved));
        var next = Assert.Single(await WorkAsync(submission.Job.JobId));
        Assert.Equal(WorkKind.Finalize, next.Kind);
        var job = await RunUntilTerminalAsync(submission.Job.JobId);
        // The summary throws again, so the job ends as before, now finalized twice; its task did not run again.
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(2, await EventCountAsync(job.JobId, JobEventKind.Finalized));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 1));
    }

    [Theory]
    [InlineData("task")]
    [InlineData("job")]
    public async Task Retry_WithALargerTimeout_LetsTheJobThatOverranTheOldOneComplete(string which)
    {
        // Three tasks of 1.5 s, one at a time: each overruns a 300 ms task timeout, and all of them a 300 ms job timeout.
        var tooShort = TimeSpan.FromMilliseconds(300);
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 1500, ["tasks"] = 3, ["run"] = Guid.NewGuid().ToString("N") },
            which == "task" ? new SubmitOptions { TaskTimeout = tooShort } : new SubmitOptions { JobTimeout = tooShort });
        var failed = await RunUntilTerminalAsync(submission.Job.JobId, concurrency: 1);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("timeout of 300 ms", failed.Error);

        var retry = await Client.RetryJobAsync(submission.Job.JobId, which == "task"
            ? new RetryOptions { TaskTimeout = TimeSpan.FromMinutes(5) }
            : new RetryOptions { JobTimeout = TimeSpan.FromMinutes(5) });

        var retried = retry.Job!;
        Assert.Equal(which == "task" ? (TimeSpan.FromMinutes(5), null) : (null, TimeSpan.FromMinutes(5)), (retried.TaskTimeout, retried.JobTimeout));
        if (which == "job") Assert.Equal(TimeSpan.FromMinutes(5), retried.Deadline - retried.Updated);
        // The requeued tasks carry the job's limit as it is now, with fresh attempts. (A job timeout may
        // come before its stage is planned, on a busy machine, or while a task runs, which then
        // completes: only the tasks that did not complete run again.)
        var requeued = (await TasksAsync(retried.JobId)).Where(t => t.Status != TaskRecordStatus.Completed).ToList();
        if (which == "task") Assert.Equal(3, requeued.Count); // the one that timed out, and the two cancelled with its job
        Assert.Equal(requeued.Count, retry.TasksAffected);
        Assert.All(requeued, t => Assert.Equal((TaskRecordStatus.Queued, 0, retried.TaskTimeout), (t.Status, t.Attempts, t.Timeout)));
        var job = await RunUntilTerminalAsync(retried.JobId, concurrency: 1);
        Assert.Equal(JobStatus.Completed, job.Status);
        var detail = (await Store.JobEventListAsync(new JobEventListParams(job.JobId), default)).Single(e => e.Kind == JobEventKind.Retried).Detail!;
        Assert.Equal(300, detail[$"{which}_timeout_seconds"]!.GetValue<double>());
    }

    [Fact]
    public async Task Retry_WithoutTimeouts_KeepsTheJobsOwn()
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["run"] = Guid.NewGuid().ToString("N") },
            new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(7), JobTimeout = TimeSpan.FromSeconds(70) });
        await Client.CancelJobAsync(submission.Job.JobId);

        var retried = (await Client.RetryJobAsync(submission.Job.JobId)).Job!;

        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(70)), (retried.TaskTimeout, retried.JobTimeout));
        Assert.Equal(TimeSpan.FromSeconds(70), retried.Deadline - retried.Updated);
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(submission.Job.JobId)).Status);
    }

    [Theory]
    [InlineData(0.0, null, "task_timeout")]
    [InlineData(-1.0, null, "task_timeout")]
    [InlineData(null, 0.0, "job_timeout")]
    [InlineData(null, 400_000_000.0, "job_timeout")]
    public async Task Retry_TimeoutOutOfRange_IsRefusedNamingItAndChangesNothing(double? task, double? job, string field)
    {
        var submission = await Client.SubmitAsync("test_behaviour",
            new JsonObject { ["behaviour"] = "sleep", ["ms"] = 10, ["run"] = Guid.NewGuid().ToString("N") });
        await Client.CancelJobAsync(submission.Job.JobId);
        var before = await Support.StoreSnapshot.TakeAsync(Store);

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.RetryJobAsync(submission.Job.JobId, new RetryOptions
        {
            TaskTimeout = task is { } t ? TimeSpan.FromSeconds(t) : null,
            JobTimeout = job is { } j ? TimeSpan.FromSeconds(j) : null,
        }));

        Assert.Equal((field, "range"), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.Equal(before, await Support.StoreSnapshot.TakeAsync(Store));
    }
}
