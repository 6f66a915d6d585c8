using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Planning writes a stage's tasks and its counter in one step: once, whatever is redelivered; all
/// or nothing when the planner fails however late; at once complete when the stage has no task; and
/// with the planning worker's first tasks claimed in the same step when it asks.
/// </summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task StagePlan_Redelivered_PlansTheStageOnlyOnce()
    {
        var (jobId, _) = await PlannedAsync(3);
        var again = Enumerable.Range(0, 5)
            .Select(i => new PlannedTask(TaskId(jobId, 1, $"x{i}"), $"x{i}", "test_echo", new JsonObject(), 3)).ToList();

        var outcome = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, again), default);

        Assert.False(outcome.Planned);
        Assert.Equal(["t0", "t1", "t2"], (await TasksAsync(jobId)).Select(t => t.TaskKey));
        Assert.Equal(3, (await StageAsync(jobId, 1)).TaskCount);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StagePlanned, 1));
    }

    [Theory]
    [InlineData(5, 3)]     // a small plan
    [InlineData(800, 50)]  // a large one, which a store may write another way (PostgreSQL streams it with COPY)
    public async Task StagePlan_WithClaimFor_LeasesThatManyOfTheNewTasksToThePlanner(int tasks, int limit)
    {
        var (jobId, planned) = await SubmitToPlanAsync(tasks);

        var outcome = await Steps.StagePlanAsync(
            new StagePlanParams(jobId, 1, 2, planned, new WorkClaimParams("plan-claimer", limit, LongLease)), default);

        Assert.True(outcome.Planned);
        Assert.Equal(limit, outcome.Claimed.Count);
        Assert.All(outcome.Claimed, item =>
        {
            Assert.Equal(WorkKind.RunTask, item.Kind);
            Assert.Equal(jobId, item.JobId);
            Assert.Equal(1, item.Stage);
            Assert.Equal(1, item.Attempt);
            Assert.Equal("test_echo", item.TaskType);
        });
        Assert.Equal(limit, outcome.Claimed.Select(i => i.TaskId).Distinct().Count());
        var stored = await TasksAsync(jobId);
        Assert.Equal(outcome.Claimed.Select(i => i.TaskId).Order(StringComparer.Ordinal),
            stored.Where(t => t is { Status: TaskRecordStatus.Processing, LeaseOwner: "plan-claimer", Attempts: 1 }).Select(t => t.TaskId).Order(StringComparer.Ordinal));
        Assert.Equal(tasks - limit, stored.Count(t => t is { Status: TaskRecordStatus.Queued, LeaseOwner: null, Attempts: 0 }));
    }

    [Fact]
    public async Task StagePlan_WithoutClaimFor_LeavesEveryTaskQueued()
    {
        var (jobId, planned) = await SubmitToPlanAsync(4);

        var outcome = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), default);

        Assert.Empty(outcome.Claimed);
        Assert.All(await TasksAsync(jobId), t => Assert.Equal((TaskRecordStatus.Queued, 0, null), (t.Status, t.Attempts, t.LeaseOwner)));
    }

    [Fact]
    public async Task StagePlan_Redelivered_WithClaimFor_ClaimsNothing()
    {
        var (jobId, planned) = await PlannedAsync(6);

        var again = await Steps.StagePlanAsync(
            new StagePlanParams(jobId, 1, 2, planned, new WorkClaimParams("late-planner", 10, LongLease)), default);

        Assert.False(again.Planned);
        Assert.Empty(again.Claimed);
        var tasks = await TasksAsync(jobId);
        Assert.Equal(6, tasks.Count);
        Assert.All(tasks, t => Assert.Equal((TaskRecordStatus.Queued, null), (t.Status, t.LeaseOwner)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(800)]
    public async Task StagePlan_TasksThatFaultMidStream_WritesNothingAndTheStageCanBePlannedAgain(int before)
    {
        var (jobId, planned) = await SubmitToPlanAsync(before);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, Faulting(planned), new WorkClaimParams("planner", 10, LongLease)), default));

        Assert.Equal("the planner broke after the tasks it had produced", error.Message);
        Assert.Empty(await TasksAsync(jobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(jobId), default));
        Assert.Equal(0, await EventCountAsync(jobId, JobEventKind.StagePlanned));
        var item = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 1, "planner"), (item.Kind, item.Stage, item.LeaseOwner));
        var again = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, planned), default);
        Assert.Equal((true, before), (again.Planned, again.TaskCount));
        Assert.Empty(await WorkAsync(jobId));

        static IEnumerable<PlannedTask> Faulting(IEnumerable<PlannedTask> tasks)
        {
            foreach (var task in tasks) yield return task;
            throw new InvalidOperationException("the planner broke after the tasks it had produced");
        }
    }
}
