using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using Microsoft.Extensions.Time.Testing;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>States built through the store itself, and reads through its queries, that many tests share.</summary>
public abstract partial class StoreConformanceTests
{
    /// <summary>A lease no test outlives.</summary>
    protected static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    /// <summary>The id of task <paramref name="key"/> of a stage (JobIdentity.TaskId's form).</summary>
    protected static string TaskId(string jobId, int stage, string key) => $"{jobId[..16]}-s{stage}-{key}";

    /// <summary>
    /// Submits a test_wide job of <paramref name="size"/> tasks (its size makes it a job of its own),
    /// takes its "plan stage 1" item as the planner would, and returns the test_echo tasks to plan
    /// for it (<c>t0</c>, <c>t1</c>, ... with parameters <c>{"index": i}</c>). The claim asks for one
    /// item: control work comes first, so it is this job's plan item and no task of an earlier job.
    /// </summary>
    protected async Task<(string JobId, List<PlannedTask> Tasks)> SubmitToPlanAsync(int size, SubmitOptions? options = null)
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = size }, options ?? SubmitOptions.Default);
        var jobId = submission.Job.JobId;
        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("planner", 1, LongLease), default));
        Assert.Equal((jobId, WorkKind.PlanStage, 1), (plan.JobId, plan.Kind, plan.Stage));
        var tasks = Enumerable.Range(0, size)
            .Select(i => new PlannedTask(TaskId(jobId, 1, $"t{i}"), $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3))
            .ToList();
        return (jobId, tasks);
    }

    /// <summary>A test_wide job whose stage 1 of <paramref name="size"/> tasks is planned and queued.</summary>
    protected async Task<(string JobId, List<PlannedTask> Tasks)> PlannedAsync(int size, SubmitOptions? options = null)
    {
        var (jobId, tasks) = await SubmitToPlanAsync(size, options);
        var outcome = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks), default);
        Assert.True(outcome.Planned);
        Assert.Equal(size, outcome.TaskCount);
        return (jobId, tasks);
    }

    /// <summary>Completes every task with its index as the result (the fan-in stage counts them).</summary>
    protected async Task<IReadOnlyList<TaskCompleteOutcome>> CompleteAllAsync(IEnumerable<PlannedTask> tasks) =>
        await Steps.TaskCompleteBatchAsync(
            tasks.Select(t => new TaskCompleteParams(t.TaskId, new JsonObject { ["index"] = t.Parameters["index"]!.GetValue<int>() })).ToList(), default);

    protected async Task<TaskRecord> TaskAsync(string jobId, string taskId) =>
        Assert.Single(await Store.TaskListAsync(new TaskListParams(jobId), default), t => t.TaskId == taskId);

    protected async Task<IReadOnlyList<TaskRecord>> TasksAsync(string jobId, int? stage = null) =>
        await Store.TaskListAsync(new TaskListParams(jobId, stage), default);

    /// <summary>The job's stage row; fails when the stage was never planned.</summary>
    protected async Task<StageRecord> StageAsync(string jobId, int stage) =>
        Assert.Single(await Store.StageListAsync(new StageListParams(jobId), default), s => s.Stage == stage);

    /// <summary>How many events of a kind the job recorded, of one stage or of all.</summary>
    protected async Task<int> EventCountAsync(string jobId, JobEventKind kind, int? stage = null) =>
        (await Store.JobEventListAsync(new JobEventListParams(jobId, kind, stage), default)).Count;

    protected async Task<IReadOnlyList<WorkRecord>> WorkAsync(string jobId) =>
        await Store.WorkListAsync(new WorkListParams(jobId), default);

    /// <summary>A test_wide job whose stage 1 of <paramref name="size"/> tasks is planned under <paramref name="tolerance"/>.</summary>
    protected async Task<(string JobId, List<PlannedTask> Tasks)> PlannedTolerantAsync(int size, StageTolerance tolerance, int maxAttempts = 3,
        SubmitOptions? options = null)
    {
        var (jobId, tasks) = await SubmitToPlanAsync(size, options);
        tasks = tasks.Select(t => t with { MaxAttempts = maxAttempts }).ToList();
        Assert.True((await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks, Tolerance: tolerance), default)).Planned);
        return (jobId, tasks);
    }

    /// <summary>A permanent failure of the attempt <paramref name="item"/> holds, naming its task.</summary>
    protected static TaskFailParams FailFor(WorkItem item, string worker) =>
        new(item.TaskId!, worker, item.Attempt, "PermanentTaskException", $"{item.TaskId} broke", null);

    /// <summary>What an attempt's report must not change.</summary>
    protected static object State(TaskRecord t) =>
        (t.Status, t.Attempts, t.LeaseOwner, t.LeaseExpires, t.VisibleAt, t.ErrorType, t.ErrorMessage, t.ProgressPercent, t.ProgressMessage);

    /// <summary>A refused request left the store as it was: empty.</summary>
    protected async Task AssertNothingWrittenAsync()
    {
        Assert.Empty(await Store.JobListAsync(new JobListParams(), default));
        Assert.Empty(await Store.WorkListAsync(new WorkListParams(), default));
    }

    protected static JsonObject RunsRequest(string label) => new() { ["tasks"] = 2, ["label"] = label };

    /// <summary>Run 1 of a two-task noop request of the test's own, run to completion.</summary>
    protected async Task<JobRecord> CompletedFirstRunAsync(string label)
    {
        var first = await Client.SubmitAsync("noop", RunsRequest(label));
        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(first.Job.JobId)).Status);
        return first.Job;
    }

    /// <summary>
    /// "another-worker" (the test, through the store) takes a one-task test_wide job's plan item
    /// and its task, in the plan's transaction, so no worker under test ever sees that attempt.
    /// </summary>
    protected async Task<(string JobId, string TaskId)> ClaimedByAnotherWorkerAsync()
    {
        var (jobId, tasks) = await SubmitToPlanAsync(1);
        var plan = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks, new WorkClaimParams("another-worker", 1, LongLease)), default);
        Assert.Equal(tasks[0].TaskId, Assert.Single(plan.Claimed).TaskId);
        return (jobId, tasks[0].TaskId);
    }

    /// <summary>
    /// A store clock pinned a minute ahead of the store's own, to the whole second: everything
    /// written so far is visible to it, and lease times come out exact in every store's precision.
    /// </summary>
    protected static FakeTimeProvider PinnedAhead()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        return new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero));
    }

    /// <summary>
    /// Waits until every lease on the job's tasks and control work has lapsed by the store's clock
    /// (this machine's, for every store the suite runs), instead of sleeping a fixed time past it:
    /// it ends as soon as that holds and fails, rather than hangs, after a bound.
    /// </summary>
    protected Task LeasesLapsedAsync(string jobId) => Eventually.TrueAsync(async () =>
    {
        var now = DateTimeOffset.UtcNow;
        return (await TasksAsync(jobId)).All(t => t.LeaseExpires is null || t.LeaseExpires < now)
            && (await WorkAsync(jobId)).All(w => w.LeaseExpiresAt is null || w.LeaseExpiresAt < now);
    });
}
