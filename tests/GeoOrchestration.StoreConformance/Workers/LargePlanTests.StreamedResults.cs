using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A fan-out stage is planned from the previous stage's results read page by page, never whole: a
/// real worker plans 25,000 tasks from a stage of 5,000 results (on SQLite past its chunk of 20,000
/// rows, so the plan is written in chunks; on PostgreSQL in one transaction, the pages read while it
/// is open), and every task comes out once, in the first stage's plan order.
/// </summary>
public abstract partial class LargePlanTests
{
    [Fact]
    public async Task FanOut_PlannedFromAStageOf5000Results_ReadsItPageByPageNeverWhole_AndPlansEveryTaskInOrder()
    {
        const int results = 5_000, per = 5;
        var (store, reads) = StageReadCounter.Over(Store);
        var jobId = (await Client.SubmitAsync("test_paged_fan_out", new JsonObject { ["tasks"] = results, ["per"] = per })).Job.JobId;

        await using (StartWorker(TestOptions(), store: store))
        {
            // Planned and released: the stage row is there and its plan item gone.
            await Eventually.TrueAsync(async () => (await Store.StageListAsync(new StageListParams(jobId), default)).Any(s => s.Stage == 2)
                && !(await WorkAsync(jobId)).Any(w => w.Kind == WorkKind.PlanStage), 300);
            Assert.Equal(JobChangeStatus.Changed, (await Client.CancelJobAsync(jobId, "the plan was what the test looked at")).Status);
        }

        Assert.Equal(results * per, (await StageAsync(jobId, 2)).TaskCount);
        var planned = await Store.TaskListAsync(new TaskListParams(jobId, Stage: 2, Limit: results * per + 1), default);
        Assert.Equal(Enumerable.Range(0, results).SelectMany(i => Enumerable.Range(0, per).Select(j => $"t{i}-{j}")), planned.Select(t => t.TaskKey));
        Assert.All(planned.Take(50), t => Assert.Equal(t.TaskKey, $"t{t.Parameters["index"]}-{t.Parameters["part"]}"));

        Assert.Equal(0, reads.WholeReadsOf(1));
        var pages = reads.PagesOf(1);
        Output?.WriteLine($"{pages.Count} page reads of stage 1: {string.Join(", ", pages.Select(p => $"{p.Count}/{p.Limit}"))}");
        Assert.True(pages.Count >= results / StageResultPages.MaxPageRows, $"{pages.Count} page reads");
        Assert.All(pages, p => Assert.InRange(p.Count, 0, Math.Min(p.Limit, StageResultPages.MaxPageRows)));
        Assert.True(pages.Sum(p => p.Count) >= results);
    }
}
