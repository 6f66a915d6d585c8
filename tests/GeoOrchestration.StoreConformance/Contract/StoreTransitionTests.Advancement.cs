using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>A stage advances exactly once, whatever the concurrency: one completion closes it, one next step and one stage_completed event follow.</summary>
public abstract partial class StoreTransitionTests
{
    [Fact]
    public async Task TaskComplete_ThousandTasksByEightConcurrentCompleters_AdvancesTheStageExactlyOnce()
    {
        var (jobId, _) = await PlannedAsync(1000);
        var outcomes = new ConcurrentBag<TaskCompleteOutcome>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = OpenStore();
            while (true)
            {
                var claimed = (await store.WorkClaimAsync(new WorkClaimParams($"completer-{w}", 25, LongLease), default))
                    .Where(i => i.Kind == WorkKind.RunTask).ToList();
                if (claimed.Count == 0) break;
                foreach (var item in claimed)
                    outcomes.Add(await new EngineSteps(store).TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = w }), default));
            }
        })));

        Assert.Equal(1000, outcomes.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var stage = await StageAsync(jobId, 1);
        Assert.Equal((1000, 0), (stage.TaskCount, stage.Remaining));
        var next = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
        Assert.All(await TasksAsync(jobId), t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
    }

    [Fact]
    public async Task TaskCompleteBatch_OverlappingConcurrentBatches_AdvanceTheStageExactlyOnce()
    {
        const int count = 999;
        var (jobId, tasks) = await PlannedAsync(count);
        var ids = tasks.Select(t => t.TaskId).ToList();
        // Claimed so they are processing; then every task is completed by two different batches.
        Assert.Equal(count, (await Store.WorkClaimAsync(new WorkClaimParams("claimer", count + 10, LongLease), default)).Count);
        var outcomes = new ConcurrentBag<TaskCompleteOutcome>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = OpenStore();
            var mine = ids.Where((_, i) => i % 4 == w % 4).ToList(); // each task in two of the eight completers
            foreach (var chunk in mine.Chunk(25))
                foreach (var o in await new EngineSteps(store).TaskCompleteBatchAsync(chunk.Select(id => new TaskCompleteParams(id, new JsonObject { ["by"] = w })).ToList(), default))
                    outcomes.Add(o);
        })));

        Assert.Equal(count, outcomes.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.Equal(count, outcomes.Count(o => o.Status == TaskCompleteStatus.AlreadyCompleted));
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var next = Assert.Single(await WorkAsync(jobId));
        Assert.Equal((WorkKind.PlanStage, 2), (next.Kind, next.Stage));
    }
}
