using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

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
}
