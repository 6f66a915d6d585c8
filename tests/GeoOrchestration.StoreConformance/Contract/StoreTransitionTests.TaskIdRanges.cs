using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Queries by job or stage select through the task id range <see cref="Identity.JobIdentity.TaskIdsOf(string, int)"/>
/// gives them (the id format lives there, not in SQL): exactly the stage's or job's tasks, none of a
/// neighbouring stage (1 beside 10 and 11) nor of a job whose id shares its first 16 characters.
/// </summary>
public abstract partial class StoreTransitionTests
{
    /// <summary>Keys at the edges of a stage's range: '-' and '.' sort just above its start and at its end.</summary>
    private static readonly string[] EdgeKeys = ["-", ".x", "0", "z"];

    [Fact]
    public async Task TaskIdRanges_StagesAndJobsSharingAnIdPrefix_EachQueryTouchesExactlyItsOwnTasks()
    {
        var stem = Guid.NewGuid().ToString("N")[..20];
        var (own, twin) = (stem + new string('1', 44), stem + new string('2', 44));
        int[] stages = [1, 2, 10, 11];
        foreach (var (job, tag) in new[] { (own, "a"), (twin, "b") })
        {
            await Store.JobSubmitAsync(new JobSubmitParams(job, "noop", new JsonObject { ["label"] = job }, 11), default);
            foreach (var stage in stages)
                Assert.True((await Steps.StagePlanAsync(new StagePlanParams(job, stage, 11,
                    EdgeKeys.Select(k => new PlannedTask(TaskId(job, stage, tag + k), tag + k, "test_echo", new JsonObject(), 3)).ToList()), default)).Planned);
        }
        string[] Ids(string job, string tag, int stage) => EdgeKeys.Select(k => TaskId(job, stage, tag + k)).ToArray();
        async Task<Dictionary<string, TaskRecordStatus>> StatusesAsync(string job) =>
            (await Store.TaskListAsync(new TaskListParams(job), default)).ToDictionary(t => t.TaskId, t => t.Status);

        // Stage results (one stage's tasks): stages 1 and 10 of the job complete, their twins' do not.
        foreach (var stage in new[] { 1, 10 })
        {
            await Steps.TaskCompleteBatchAsync(Ids(own, "a", stage).Select(id => new TaskCompleteParams(id, new JsonObject())).ToList(), default);
            Assert.Equal(Ids(own, "a", stage), (await Steps.StageResultsAsync(own, stage, default)).Select(r => r.TaskId));
        }

        // Cancel (every task of the job), retry (the current stage's), delete (every task of the job).
        await Steps.JobCancelAsync(own, "range test", default);
        var cancelled = await StatusesAsync(own);
        Assert.Equal(8, cancelled.Count(t => t.Value == TaskRecordStatus.Cancelled));
        Assert.Equal(8, cancelled.Count(t => t.Value == TaskRecordStatus.Completed));
        Assert.All(await StatusesAsync(twin), t => Assert.Equal(TaskRecordStatus.Queued, t.Value));

        await Steps.JobRetryAsync(own, default);
        var retried = await StatusesAsync(own);
        Assert.Equal(Ids(own, "a", 11).Order(StringComparer.Ordinal),
            retried.Where(t => t.Value == TaskRecordStatus.Queued).Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Ids(own, "a", 2).Order(StringComparer.Ordinal),
            retried.Where(t => t.Value == TaskRecordStatus.Cancelled).Select(t => t.Key).Order(StringComparer.Ordinal));

        await Steps.JobCancelAsync(own, "range test", default);
        Assert.Equal(JobChangeStatus.Changed, (await Store.JobDeleteAsync(new JobDeleteParams(own), default)).Status);
        Assert.Empty(await StatusesAsync(own));
        var left = await StatusesAsync(twin);
        Assert.Equal(stages.SelectMany(s => Ids(twin, "b", s)).Order(StringComparer.Ordinal), left.Keys.Order(StringComparer.Ordinal));
        Assert.All(left, t => Assert.Equal(TaskRecordStatus.Queued, t.Value));
    }
}
