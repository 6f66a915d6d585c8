using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Completion is idempotent: a second completion of a task is a reported no-op that never overwrites
/// its result nor counts twice, alone or in a batch, and the outcome of each completion says so.
/// </summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task TaskComplete_AlreadyCompleted_IsANoOpThatKeepsTheFirstResult()
    {
        var (jobId, tasks) = await PlannedAsync(2);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);

        var first = await Steps.TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, new JsonObject { ["run"] = "first" }), default);
        var second = await Steps.TaskCompleteAsync(new TaskCompleteParams(tasks[0].TaskId, new JsonObject { ["run"] = "second" }), default);

        Assert.Equal(TaskCompleteStatus.Completed, first.Status);
        Assert.False(first.StageCompleted);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, second.Status);
        Assert.False(second.StageCompleted);
        Assert.Equal("first", (await TaskAsync(jobId, tasks[0].TaskId)).Result!["run"]!.GetValue<string>());
        Assert.Equal(1, (await StageAsync(jobId, 1)).Remaining);
    }

    [Fact]
    public async Task TaskComplete_UnknownTask_ReportsNotFound()
    {
        var outcome = await Steps.TaskCompleteAsync(new TaskCompleteParams("0000000000000000-s1-none", null), default);

        Assert.Equal(TaskCompleteStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task TaskComplete_FailedOrCancelledTask_IsNotCompletableAndChangesNothing()
    {
        var (jobId, tasks) = await PlannedAsync(3);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default);
        var failing = Assert.Single(claimed);
        await Steps.TaskFailAsync(new TaskFailParams(failing.TaskId!, "w", failing.Attempt, "System.ArgumentException", "bad tile", null), default);
        var cancelled = tasks.First(t => t.TaskId != failing.TaskId).TaskId;

        var outcomes = await Steps.TaskCompleteBatchAsync(
            [new(failing.TaskId!, new JsonObject { ["late"] = true }), new(cancelled, new JsonObject { ["late"] = true })], default);

        Assert.Equal([TaskCompleteStatus.NotCompletable, TaskCompleteStatus.NotCompletable], outcomes.Select(o => o.Status));
        var stored = await TasksAsync(jobId);
        Assert.Equal((TaskRecordStatus.Failed, TaskRecordStatus.Cancelled),
            (stored.Single(t => t.TaskId == failing.TaskId).Status, stored.Single(t => t.TaskId == cancelled).Status));
        Assert.All(stored, t => Assert.Null(t.Result));
        Assert.Equal(3, (await StageAsync(jobId, 1)).Remaining);
    }

    [Fact]
    public async Task TaskCompleteBatch_WithCompletedDuplicateAndUnknownTasks_CountsEachTaskOnceAndReportsTheRest()
    {
        var (jobId, tasks) = await PlannedAsync(4);
        string Id(int i) => tasks[i].TaskId;
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        await Steps.TaskCompleteAsync(new TaskCompleteParams(Id(1), new JsonObject { ["run"] = "earlier" }), default);

        var outcomes = await Steps.TaskCompleteBatchAsync(
        [
            new(Id(0), new JsonObject { ["run"] = "batch" }),
            new(Id(1), new JsonObject { ["run"] = "batch" }),
            new(Id(0), new JsonObject { ["run"] = "duplicate" }),
            new("0000000000000000-s1-nope", null),
        ], default);

        Assert.Equal([TaskCompleteStatus.Completed, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.NotFound],
            outcomes.Select(o => o.Status));
        Assert.DoesNotContain(outcomes, o => o.StageCompleted);
        Assert.Equal(2, (await StageAsync(jobId, 1)).Remaining);
        var stored = await TasksAsync(jobId, stage: 1);
        Assert.Equal("earlier", stored.Single(t => t.TaskId == Id(1)).Result!["run"]!.GetValue<string>());
        Assert.Equal("batch", stored.Single(t => t.TaskId == Id(0)).Result!["run"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskCompleteBatch_ClosingTheStage_FlagsOneCompletionAndWritesTheNextStepOnce()
    {
        var (jobId, tasks) = await PlannedAsync(5);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);

        var outcomes = await CompleteAllAsync(tasks.Concat(tasks));

        Assert.Equal(5, outcomes.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.Single(outcomes, o => o.StageCompleted);
        var stage = await StageAsync(jobId, 1);
        Assert.Equal(0, stage.Remaining);
        Assert.NotNull(stage.AdvancedAt);
        var next = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
    }

    [Fact]
    public async Task TaskCompleteBatch_ClosingStagesOfTwoJobs_FlagsOneCompletionPerStageAndAdvancesEachOnce()
    {
        var (first, firstTasks) = await PlannedAsync(2);
        var (second, secondTasks) = await PlannedAsync(3);
        await Store.WorkClaimAsync(new WorkClaimParams("w", 10, LongLease), default);
        var interleaved = new[] { secondTasks[0], firstTasks[0], secondTasks[1], firstTasks[1], secondTasks[2] };

        var outcomes = await CompleteAllAsync(interleaved);

        Assert.All(outcomes, o => Assert.Equal(TaskCompleteStatus.Completed, o.Status));
        // Each stage's flag goes to one completion of that stage, whichever it is, never to the other job's.
        var flagged = interleaved.Zip(outcomes).Where(p => p.Second.StageCompleted).Select(p => p.First.TaskId).ToList();
        Assert.Equal(2, flagged.Count);
        Assert.Single(flagged, id => firstTasks.Any(t => t.TaskId == id));
        Assert.Single(flagged, id => secondTasks.Any(t => t.TaskId == id));
        foreach (var jobId in new[] { first, second })
        {
            var stage = await StageAsync(jobId, 1);
            Assert.Equal(0, stage.Remaining);
            Assert.NotNull(stage.AdvancedAt);
            var next = Assert.Single(await WorkAsync(jobId));
            Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
            Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted));
        }
    }
}
