using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>Stage failure tolerance on SQLite, with the same semantics as on PostgreSQL: store methods, then real workers.</summary>
public sealed class SqliteToleranceTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly, typeof(SqliteToleranceTests).Assembly);
    private readonly StoreFolder _folder = new();
    private SqliteStore _store = null!;

    public Task InitializeAsync()
    {
        _store = _folder.Store();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private async Task<string> PlanAsync(int tasks, StageTolerance tolerance, int maxAttempts = 3)
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(totalStages: 2), default)).Job;
        var plan = Assert.Single(await _store.WorkClaimAsync(new WorkClaimParams("planner", 1, Lease), default));
        Assert.Equal(WorkKind.PlanStage, plan.Kind);
        var planned = StoreFolder.Tasks(job.JobId, 1, tasks, maxAttempts).ToList();
        Assert.True((await _store.StagePlanAsync(new StagePlanParams(job.JobId, 1, 2, planned, Tolerance: tolerance), default)).Planned);
        return job.JobId;
    }

    private long Stage(string jobId, string column) =>
        (long)Db.Scalar(_folder.Path, $"SELECT {column} FROM stages WHERE job_id = '{jobId}' AND stage = 1")!;

    private static TaskFailParams Fail(WorkItem item, string worker) =>
        new(item.TaskId!, worker, item.Attempt, "PermanentTaskException", $"{item.TaskId} broke", null);

    [Fact]
    public async Task TaskFail_ConcurrentCompletersAndFailersWithinTolerance_AdvanceTheStageExactlyOnce()
    {
        const int tasks = 300;
        var jobId = await PlanAsync(tasks, StageTolerance.Count(50));
        var completed = new ConcurrentBag<TaskCompleteOutcome>();
        var failed = new ConcurrentBag<TaskFailOutcome>();

        // Six workers on stores of their own take tasks in turn; every sixth task fails for good.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var store = _folder.Store();
            var worker = $"worker-{w}";
            while (true)
            {
                var claimed = (await store.WorkClaimAsync(new WorkClaimParams(worker, 10, Lease), default)).Where(i => i.Kind == WorkKind.RunTask).ToList();
                if (claimed.Count == 0) break;
                foreach (var item in claimed)
                {
                    if (item.TaskParameters!["i"]!.GetValue<int>() % 6 == 0) failed.Add(await store.TaskFailAsync(Fail(item, worker), default));
                    else completed.Add(await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = w }), default));
                }
            }
        })));

        Assert.Equal(50, failed.Count(o => o.Status == TaskFailStatus.FailureTolerated));
        Assert.Equal(250, completed.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.True(completed.Count(o => o.StageCompleted) <= 1);
        Assert.Equal(1, await StoreDriver.EventsAsync(_store, jobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1L, (long)Db.Scalar(_folder.Path, $"SELECT count(*) FROM job_work WHERE job_id = '{jobId}' AND kind = 'plan' AND stage = 2")!);
        Assert.Equal((0L, 50L), (Stage(jobId, "remaining"), Stage(jobId, "failed")));
        Assert.Equal(JobStatus.Processing, (await _store.JobGetAsync(jobId, default))!.Status);
        var results = await _store.StageResultsAsync(jobId, 1, default);
        Assert.Equal(250, results.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"t{i * 6}"), results.Failures.Select(f => f.TaskKey));
        Assert.All(results.Failures, f => Assert.Equal(0, f.Input.GetInt64("i") % 6));
        Assert.All(results.Failures, f => Assert.Equal(("PermanentTaskException", $"{f.TaskId} broke"), (f.ErrorType, f.ErrorMessage)));
        Assert.Equal(50, (await _store.TaskFailuresAsync(jobId, default)).Count);
    }

    [Fact]
    public async Task TaskFail_OneBeyondTolerance_FailsTheJobSayingSoAndCancelsTheRest()
    {
        var jobId = await PlanAsync(10, StageTolerance.Count(2));
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("w", 3, Lease), default);

        var outcomes = new List<TaskFailStatus>();
        foreach (var item in claimed) outcomes.Add((await _store.TaskFailAsync(Fail(item, "w"), default)).Status);

        Assert.Equal([TaskFailStatus.FailureTolerated, TaskFailStatus.FailureTolerated, TaskFailStatus.JobFailed], outcomes);
        var job = (await _store.JobGetAsync(jobId, default))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"Task {claimed[2].TaskId} failed", job.Error);
        Assert.Contains("stage 1 tolerates 2 failed tasks; this is one more", job.Error);
        Assert.Equal(7L, (long)Db.Scalar(_folder.Path, $"SELECT count(*) FROM tasks WHERE job_id = '{jobId}' AND status = 'cancelled'")!);
        Assert.Equal(0, await StoreDriver.EventsAsync(_store, jobId, JobEventKind.StageCompleted, 1));
    }

    [Theory]
    [InlineData(15, 10.0, 1)]
    [InlineData(10, 10.0, 1)]
    [InlineData(9, 10.0, 0)]
    [InlineData(3, 100.0, 3)]
    public async Task StagePlan_PercentTolerance_IsResolvedAgainstTheNumberOfTasksPlanned(int tasks, double percent, int allowed)
    {
        var jobId = await PlanAsync(tasks, StageTolerance.Percent(percent));

        Assert.Equal(allowed, Stage(jobId, "failures_allowed"));
    }

    [Fact]
    public async Task Janitor_LeaseExpiredOnTheLastAttemptWithinTolerance_CountsTheFailureAndTheJobGoesOn()
    {
        var jobId = await PlanAsync(2, StageTolerance.Count(1), maxAttempts: 1);
        var dead = await _store.WorkClaimAsync(new WorkClaimParams("dead-worker", 10, TimeSpan.FromMilliseconds(100)), default);
        Assert.Equal(2, dead.Count);
        await _store.TaskCompleteAsync(new TaskCompleteParams(dead[1].TaskId!, new JsonObject()), default);
        await Task.Delay(300);

        await _store.JanitorRunAsync(default);

        Assert.Equal(JobStatus.Processing, (await _store.JobGetAsync(jobId, default))!.Status);
        Assert.Equal((0L, 1L), (Stage(jobId, "remaining"), Stage(jobId, "failed")));
        Assert.Equal(1, await StoreDriver.EventsAsync(_store, jobId, JobEventKind.StageCompleted, 1));
        var failure = Assert.Single(await _store.TaskFailuresAsync(jobId, default));
        Assert.Equal((dead[0].TaskId, "LeaseExpired"), (failure.TaskId, failure.ErrorType));
    }

    [Fact]
    public async Task JobRetry_AfterFailingBeyondTolerance_RunsTheToleratedFailuresAgainWithTheStageCountsReset()
    {
        var jobId = await PlanAsync(5, StageTolerance.Count(1));
        var claimed = await _store.WorkClaimAsync(new WorkClaimParams("w", 3, Lease), default);
        await _store.TaskCompleteAsync(new TaskCompleteParams(claimed[0].TaskId!, new JsonObject()), default);
        Assert.Equal(TaskFailStatus.FailureTolerated, (await _store.TaskFailAsync(Fail(claimed[1], "w"), default)).Status);
        Assert.Equal(TaskFailStatus.JobFailed, (await _store.TaskFailAsync(Fail(claimed[2], "w"), default)).Status);

        var retry = await _store.JobRetryAsync(jobId, default);

        Assert.Equal(4, retry.TasksAffected); // two failed, two cancelled
        Assert.Equal((4L, 0L), (Stage(jobId, "remaining"), Stage(jobId, "failed")));
        var job = await StoreDriver.RunToEndAsync(_store, jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await StoreDriver.EventsAsync(_store, jobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task Run_FailuresWithinTolerance_EndCompletedWithErrors_ListingEachFailedTask_AndTheFanInSeesThem()
    {
        var client = new GeoClient(_store, Registry);

        var (_, job) = await client.RunAsync("test_tolerant", new JsonObject { ["tasks"] = 12, ["failing"] = 3, ["max_failed"] = 3 },
            new WorkerOptions { Concurrency = 4 }, TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        var listed = job.Result!["failed_tasks"]!.AsArray();
        Assert.Equal(["t0", "t1", "t2"], listed.Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.All(listed, f => Assert.Contains("was told to fail", f!["error_message"]!.GetValue<string>()));
        var collect = (await client.ListTasksAsync(job.JobId, stage: 2)).Single().Result!;
        Assert.Equal(9, collect["completed"]!.GetValue<int>());
        Assert.Equal(["t0", "t1", "t2"], collect["failed_keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.True(collect["failed_were_told_to"]!.GetValue<bool>());
        Assert.Equal(1, await StoreDriver.EventsAsync(_store, job.JobId, JobEventKind.StageCompleted, 1));
    }

    [Fact]
    public async Task Run_FailuresBeyondTolerance_FailTheJob()
    {
        var client = new GeoClient(_store, Registry);

        var (_, job) = await client.RunAsync("test_tolerant", new JsonObject { ["tasks"] = 6, ["failing"] = 3, ["max_failed"] = 2 },
            new WorkerOptions { Concurrency = 1 }, TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("tolerates 2 failed tasks; this is one more", job.Error);
        Assert.Equal(0, await StoreDriver.EventsAsync(_store, job.JobId, JobEventKind.StageCompleted, 1));
    }
}
