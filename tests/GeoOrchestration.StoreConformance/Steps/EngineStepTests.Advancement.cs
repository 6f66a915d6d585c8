using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Advancing as workers run it on a store: a large stage completed by many workers advances once, and
/// a job runs stage by stage to its summary, each stage planned once.
/// </summary>
public abstract partial class EngineStepTests
{
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
