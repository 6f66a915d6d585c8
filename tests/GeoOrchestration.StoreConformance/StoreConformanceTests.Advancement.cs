using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>A stage advances exactly once, whatever the concurrency: one completion closes it, one next step and one stage_completed event follow.</summary>
public abstract partial class StoreConformanceTests
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

    [Fact]
    public async Task LargeStage_CompletedByManyWorkers_AdvancesExactlyOnce()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 2000 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId, workers: 4, concurrency: 8);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StagePlanned, 1));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StagePlanned, 2));
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Finalized));
        Assert.Equal(2000, (await TasksAsync(job.JobId, stage: 2)).Single().Result!["count"]!.GetValue<int>());
        var stage1 = await TasksAsync(job.JobId, stage: 1);
        Assert.Equal(2000, stage1.Count(t => t is { Status: TaskRecordStatus.Completed, Attempts: 1 }));
    }

    [Fact]
    public async Task HelloWorld_RunByAWorker_CompletesWithSummaryAfterEachStagePlannedOnce()
    {
        var submission = await Client.SubmitAsync("hello_world", new JsonObject { ["names"] = new JsonArray("Ada", "Grace", "Linus", "Rosalind") });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(3, job.Stage);
        Assert.Equal(4, job.Result!["greetings"]!.GetValue<int>());
        Assert.Equal(["Ada", "Grace", "Linus", "Rosalind"], job.Result!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        var tasks = await TasksAsync(job.JobId);
        Assert.Equal([4, 4, 1], tasks.GroupBy(t => t.Stage).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.All(tasks, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
        Assert.Equal("Hello, Grace!", tasks.Single(t => t.TaskId == TaskId(job.JobId, 1, "1")).Result!["greeting"]!.GetValue<string>());
        var events = await Store.JobEventListAsync(new JobEventListParams(job.JobId), default);
        (JobEventKind, int?)[] expected =
        [
            (JobEventKind.Submitted, null), (JobEventKind.StagePlanned, 1), (JobEventKind.StageCompleted, 1), (JobEventKind.StagePlanned, 2),
            (JobEventKind.StageCompleted, 2), (JobEventKind.StagePlanned, 3), (JobEventKind.StageCompleted, 3), (JobEventKind.Finalized, null),
        ];
        Assert.Equal(expected, events.Select(e => (e.Kind, e.Stage)));
        Assert.Empty(await WorkAsync(job.JobId));
    }
}
