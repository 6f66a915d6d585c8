using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>Planning, claiming, completing, failing and finalising, through the store's own methods.</summary>
public sealed class SqliteStoreFlowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly WorkClaimParams Claim = new("worker-1", 10, TimeSpan.FromSeconds(30));
    private readonly StoreFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private SqliteStore _store = null!;
    private EngineSteps Steps => new(_store);

    public Task InitializeAsync()
    {
        _store = _folder.Store(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    /// <summary>A submitted job whose stage 1 is planned with <paramref name="tasks"/> tasks.</summary>
    private async Task<string> PlannedJobAsync(int tasks, int totalStages = 1, int maxAttempts = 3)
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(totalStages), default)).Job;
        var plan = Assert.Single(await _store.WorkClaimAsync(Claim with { Limit = 1 }, default)); // control work comes first
        Assert.Equal((WorkKind.PlanStage, 1), (plan.Kind, plan.Stage));
        var outcome = await Steps.StagePlanAsync(new StagePlanParams(job.JobId, 1, totalStages, StoreFolder.Tasks(job.JobId, 1, tasks, maxAttempts)), default);
        Assert.Equal((true, tasks), (outcome.Planned, outcome.TaskCount));
        return job.JobId;
    }

    private static TaskCompleteParams Done(string taskId, int value = 1) => new(taskId, new JsonObject { ["value"] = value });

    [Fact]
    public async Task HappyPath_PlanClaimCompleteFinalize_EndsCompletedWithResultsInPlanOrder()
    {
        var jobId = await PlannedJobAsync(3);

        var claimed = await _store.WorkClaimAsync(Claim, default);
        Assert.Equal(3, claimed.Count);
        Assert.All(claimed, c => Assert.Equal((WorkKind.RunTask, JobStatus.Processing, 1), (c.Kind, c.JobStatus, c.Attempt)));
        var outcomes = await Steps.TaskCompleteBatchAsync(claimed.Select(c => Done(c.TaskId!, int.Parse(c.TaskId![^1..]))).ToList(), default);
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.All(outcomes, o => Assert.Equal(TaskCompleteStatus.Completed, o.Status));

        var results = await Steps.StageResultsAsync(jobId, 1, default);
        Assert.Equal(["t0", "t1", "t2"], results.Select(r => r.TaskKey));
        Assert.Equal([0L, 1L, 2L], results.Select(r => r.GetInt64("value")));

        var finalize = Assert.Single(await _store.WorkClaimAsync(Claim, default));
        Assert.Equal((WorkKind.Finalize, jobId, "test"), (finalize.Kind, finalize.JobId, finalize.JobType));
        Assert.Equal(JobEndStatus.Ended, await Steps.JobFinalizeAsync(new JobFinalizeParams(jobId, JobStatus.Completed, new JsonObject { ["sum"] = 3 }), default));
        Assert.Equal(JobEndStatus.NotLive, await Steps.JobFinalizeAsync(new JobFinalizeParams(jobId, JobStatus.Completed, null), default));

        var job = (await Steps.JobGetAsync(jobId, default))!;
        Assert.Equal((JobStatus.Completed, 3), (job.Status, job.Result!["sum"]!.GetValue<int>()));
        Assert.Equal([3], await Steps.StageTaskCountsAsync(jobId, default));
        Assert.Equal(1, await _store.EventCountAsync(jobId, "finalized", null, default));
        Assert.Equal(0L, Db.Scalar(_store.Path, "SELECT count(*) FROM job_work"));
    }

    [Fact]
    public async Task TaskCompleteBatch_WithDuplicateCompletedAndUnknownTasks_CountsEachTaskOnce()
    {
        var jobId = await PlannedJobAsync(3);
        var ids = (await _store.WorkClaimAsync(Claim, default)).Select(c => c.TaskId!).ToList();
        await Steps.TaskCompleteAsync(Done(ids[0]), default);

        var outcomes = await Steps.TaskCompleteBatchAsync(
            [Done(ids[1]), Done(ids[1], 99), Done(ids[0], 42), Done("unknown-task"), Done(ids[2])], default);

        Assert.Equal(
            [TaskCompleteStatus.Completed, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.NotFound, TaskCompleteStatus.Completed],
            outcomes.Select(o => o.Status));
        Assert.Single(outcomes, o => o.StageCompleted);
        var results = await Steps.StageResultsAsync(jobId, 1, default);
        Assert.Equal([1L, 1L, 1L], results.Select(r => r.GetInt64("value"))); // never overwritten
        Assert.Equal(1, await _store.EventCountAsync(jobId, "stage_completed", 1, default));
    }

    [Fact]
    public async Task TaskComplete_ByEightCompletersAtOnce_AdvancesTheStageExactlyOnce()
    {
        var jobId = await PlannedJobAsync(200, totalStages: 2);
        var ids = new List<string>();
        for (var claimed = await _store.WorkClaimAsync(Claim with { Limit = 100 }, default); claimed.Count > 0; claimed = await _store.WorkClaimAsync(Claim with { Limit = 100 }, default))
            ids.AddRange(claimed.Select(c => c.TaskId!));
        var stores = Enumerable.Range(0, 8).Select(_ => _folder.Store(_time)).ToList();

        var outcomes = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => new EngineSteps(stores[i % 8]).TaskCompleteAsync(Done(id), default))));

        Assert.Equal(200, ids.Count);
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.Equal(1, await _store.EventCountAsync(jobId, "stage_completed", 1, default));
        Assert.Equal("plan|2", Db.Scalar(_store.Path, "SELECT kind || '|' || stage FROM job_work"));
    }

    [Fact]
    public async Task StagePlan_PlannerFaultsMidStream_LeavesNothingBehindAndThePlanItemStays()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job;
        await _store.WorkClaimAsync(Claim, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Steps.StagePlanAsync(new StagePlanParams(job.JobId, 1, 1, Faulting(job.JobId)), default));

        Assert.Empty(await _store.TaskListAsync(new TaskListParams(job.JobId), default));
        Assert.Empty(await Steps.StageTaskCountsAsync(job.JobId, default));
        Assert.Equal(JobStatus.Queued, (await Steps.JobGetAsync(job.JobId, default))!.Status);
        Assert.Equal(1L, Db.Scalar(_store.Path, "SELECT count(*) FROM job_work WHERE kind = 'plan'"));

        static IEnumerable<PlannedTask> Faulting(string jobId)
        {
            foreach (var task in StoreFolder.Tasks(jobId, 1, 5)) yield return task;
            throw new InvalidOperationException("planner broke");
        }
    }

    [Fact]
    public async Task StagePlan_ZeroTasks_CompletesTheStageAtOnceAndEnqueuesTheNextStep()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(totalStages: 2), default)).Job;

        var outcome = await Steps.StagePlanAsync(new StagePlanParams(job.JobId, 1, 2, []), default);

        Assert.Equal((true, 0, true), (outcome.Planned, outcome.TaskCount, outcome.StageCompleted));
        Assert.Equal("plan|2", Db.Scalar(_store.Path, "SELECT kind || '|' || stage FROM job_work"));
    }

    [Fact]
    public async Task StagePlan_Twice_SecondIsANoOp()
    {
        var jobId = await PlannedJobAsync(2);

        var again = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 1, StoreFolder.Tasks(jobId, 1, 5)), default);

        Assert.False(again.Planned);
        Assert.Equal(2, (await _store.TaskListAsync(new TaskListParams(jobId), default)).Count);
    }

    [Fact]
    public async Task StagePlan_DuplicateTaskKeys_IsAContractViolationNamingTheKeyAndWritesNothing()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job;
        var tasks = StoreFolder.Tasks(job.JobId, 1, 3).Append(StoreFolder.Tasks(job.JobId, 1, 2).Last());

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => Steps.StagePlanAsync(new StagePlanParams(job.JobId, 1, 1, tasks), default));

        Assert.Contains("'t1'", error.Message);
        Assert.Empty(await _store.TaskListAsync(new TaskListParams(job.JobId), default));
    }

    [Fact]
    public async Task StagePlan_WithClaimFor_HandsTheFirstTasksToThePlanner()
    {
        var job = (await _store.JobSubmitAsync(StoreFolder.Job(), default)).Job;

        var outcome = await Steps.StagePlanAsync(new StagePlanParams(job.JobId, 1, 1, StoreFolder.Tasks(job.JobId, 1, 5), Claim with { Limit = 2 }), default);

        Assert.Equal(2, outcome.Claimed.Count);
        Assert.Equal(2, (await _store.TaskListAsync(new TaskListParams(job.JobId), default)).Count(t => t.Status == TaskRecordStatus.Processing));
    }

    [Fact]
    public async Task StagePlan_ThousandTasks_AreAllListedInOrder()
    {
        var jobId = await PlannedJobAsync(1000);

        var tasks = await _store.TaskListAsync(new TaskListParams(jobId, Stage: 1), default);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"t{i}"), tasks.Select(t => t.TaskKey));
        Assert.All(tasks, t => Assert.Equal((TaskRecordStatus.Queued, Start, 0), (t.Status, t.VisibleAt, t.Attempts)));
    }

    [Fact]
    public async Task TaskFail_WithRetry_SchedulesItThenExhaustedFailsTheJobAndCancelsTheRest()
    {
        var jobId = await PlannedJobAsync(3, maxAttempts: 2);
        var first = (await _store.WorkClaimAsync(Claim with { Limit = 1 }, default))[0];

        var retry = await Steps.TaskFailAsync(new TaskFailParams(first.TaskId!, "worker-1", first.Attempt, "IOException", "disk", TimeSpan.FromSeconds(10)), default);
        Assert.Equal(TaskFailStatus.RetryScheduled, retry.Status);
        var queued = (await _store.TaskListAsync(new TaskListParams(jobId), default)).Single(t => t.TaskId == first.TaskId);
        Assert.Equal((TaskRecordStatus.Queued, Start.AddSeconds(10), "disk"), (queued.Status, queued.NextAttemptAt, queued.ErrorMessage));

        _time.Advance(TimeSpan.FromSeconds(10));
        var second = (await _store.WorkClaimAsync(Claim with { Limit = 3 }, default)).Single(c => c.TaskId == first.TaskId);
        Assert.Equal(2, second.Attempt);
        var failed = await Steps.TaskFailAsync(new TaskFailParams(first.TaskId!, "worker-1", second.Attempt, "IOException", "disk again", TimeSpan.FromSeconds(20)), default);
        var late = await Steps.TaskFailAsync(new TaskFailParams(first.TaskId!, "worker-1", second.Attempt, "IOException", "late", null), default);

        Assert.Equal((TaskFailStatus.JobFailed, TaskFailStatus.NotRunning), (failed.Status, late.Status));
        var job = (await Steps.JobGetAsync(jobId, default))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("disk again", job.Error);
        var statuses = (await _store.TaskListAsync(new TaskListParams(jobId), default)).Select(t => t.Status).ToList();
        Assert.Equal(1, statuses.Count(s => s == TaskRecordStatus.Failed));
    }

    [Fact]
    public async Task LeaseRenew_StoresProgressAndTellsTheJobsStatus_OnlyForTheOwner()
    {
        var jobId = await PlannedJobAsync(2);
        var claimed = await _store.WorkClaimAsync(Claim, default);
        _time.Advance(TimeSpan.FromSeconds(10));

        var renewed = await _store.LeaseRenewAsync(new LeaseRenewParams("worker-1",
            [new TaskHeartbeat(claimed[0].TaskId!, 1, 40, "reading"), new TaskHeartbeat(claimed[1].TaskId!, 1, null, null)], TimeSpan.FromSeconds(30)), default);
        var stranger = await _store.LeaseRenewAsync(new LeaseRenewParams("worker-2", [new TaskHeartbeat(claimed[0].TaskId!, 1, 90, "x")], TimeSpan.FromSeconds(30)), default);

        Assert.Equal(2, renewed.Count);
        Assert.All(renewed, r => Assert.Equal(JobStatus.Processing, r.JobStatus));
        Assert.Empty(stranger);
        var task = (await _store.TaskListAsync(new TaskListParams(jobId), default)).Single(t => t.TaskId == claimed[0].TaskId);
        Assert.Equal((40d, "reading", Start.AddSeconds(40)), (task.ProgressPercent, task.ProgressMessage, task.LeaseExpires));
    }

    [Fact]
    public async Task TaskRelease_HandsTasksBackWithoutCountingTheAttempt()
    {
        var jobId = await PlannedJobAsync(2);
        var claimed = await _store.WorkClaimAsync(Claim, default);

        var released = await _store.TaskReleaseAsync(new TaskReleaseParams("worker-1", claimed.Select(c => new TaskAttempt(c.TaskId!, c.Attempt)).ToList()), default);

        Assert.Equal(2, released);
        Assert.All(await _store.TaskListAsync(new TaskListParams(jobId), default), t => Assert.Equal((TaskRecordStatus.Queued, 0, null), (t.Status, t.Attempts, t.LeaseOwner)));
    }

    [Fact]
    public async Task Janitor_ExpiredLease_ReturnsTheTaskAndAnExhaustedOneFailsItsJob()
    {
        var jobId = await PlannedJobAsync(2, maxAttempts: 1);
        var other = await PlannedJobAsync(1, maxAttempts: 3);
        await _store.WorkClaimAsync(Claim, default);
        _time.Advance(TimeSpan.FromMinutes(1));

        var report = await Steps.JanitorRunAsync(default);

        Assert.NotNull(report);
        Assert.Equal((3, 1), (report.LeasesRescued, report.JobsFailed));
        Assert.Equal(JobStatus.Failed, (await Steps.JobGetAsync(jobId, default))!.Status);
        var rescued = Assert.Single(await _store.TaskListAsync(new TaskListParams(other), default));
        Assert.Equal((TaskRecordStatus.Queued, "LeaseExpired"), (rescued.Status, rescued.ErrorType));
        // The lease as the worker claimed it, in the words every store uses (LimitMessages).
        Assert.Equal("The lease of worker-1 expired on attempt 1 of 3: it was not renewed within 30 s (worker lost or hung).", rescued.ErrorMessage);
    }

    [Fact]
    public async Task Janitor_TaskAndJobTimeouts_FailTheirJobs()
    {
        var slow = (await _store.JobSubmitAsync(StoreFolder.Job(taskTimeout: TimeSpan.FromSeconds(5)), default)).Job;
        await Steps.StagePlanAsync(new StagePlanParams(slow.JobId, 1, 1, StoreFolder.Tasks(slow.JobId, 1, 1)), default);
        await _store.WorkClaimAsync(Claim, default);
        var late = (await _store.JobSubmitAsync(StoreFolder.Job(jobTimeout: TimeSpan.FromSeconds(20)), default)).Job;
        _time.Advance(TimeSpan.FromSeconds(25));

        var report = await Steps.JanitorRunAsync(default);

        Assert.Equal((1, 1), (report!.TasksTimedOut, report.JobsTimedOut));
        Assert.EndsWith("failed: The task ran longer than its timeout of 5 s.", (await Steps.JobGetAsync(slow.JobId, default))!.Error);
        Assert.Equal("The job exceeded its timeout of 20 s.", (await Steps.JobGetAsync(late.JobId, default))!.Error);
    }

    [Fact]
    public async Task Janitor_JobMissingItsNextStep_IsRepaired()
    {
        var jobId = await PlannedJobAsync(1, totalStages: 2);
        var task = (await _store.WorkClaimAsync(Claim, default))[0];
        await Steps.TaskCompleteAsync(Done(task.TaskId!), default);
        await Steps.WorkDropAsync(new WorkItem { Kind = WorkKind.PlanStage, JobId = jobId, Stage = 2 }, default);

        var report = await Steps.JanitorRunAsync(default);

        Assert.Equal(1, report!.JobsRepaired);
        Assert.Equal("plan|2", Db.Scalar(_store.Path, "SELECT kind || '|' || stage FROM job_work"));
    }

    [Fact]
    public async Task TaskCancel_RunningTaskOfAnEndedJob_IsCancelledOnceThenNotOwner()
    {
        var jobId = await PlannedJobAsync(1);
        var task = (await _store.WorkClaimAsync(Claim, default))[0];
        await Steps.JobCancelAsync(jobId, "stop", default);
        var cancel = new TaskCancelParams(task.TaskId!, "worker-1", task.Attempt);

        Assert.Equal(TaskCancelStatus.Cancelled, await _store.TaskCancelAsync(cancel, default));
        Assert.Equal(TaskCancelStatus.NotOwner, await _store.TaskCancelAsync(cancel, default));
    }

    [Fact]
    public async Task TaskList_ByStage_ReadsOnlyThatRangeOfTheKey()
    {
        // Two jobs whose ids share their first 16 hex digits would share a task id range; the
        // job_id test keeps them apart, and the stage range keeps stage 1 from stage 10.
        var jobId = await PlannedJobAsync(1, totalStages: 10);
        Assert.Equal(TaskRecordStatus.Queued, Assert.Single(await _store.TaskListAsync(new TaskListParams(jobId, Stage: 1), default)).Status);
        Assert.Empty(await _store.TaskListAsync(new TaskListParams(jobId, Stage: 10), default));
        Assert.Empty(await _store.TaskListAsync(new TaskListParams(new string('f', 64)), default));
        Assert.Equal(JobIdentity.TaskId(jobId, 1, "t0"), (await _store.TaskListAsync(new TaskListParams(jobId), default))[0].TaskId);
    }
}
