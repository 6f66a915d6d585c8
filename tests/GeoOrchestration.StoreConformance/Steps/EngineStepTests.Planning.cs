using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The planning step as a worker runs it on a store: a stage with no task completes at once, a streamed
/// plan is counted on its stage, and a planner that breaks its contract or fails late fails the job.
/// </summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task Stage_PlannedWithZeroTasks_CompletesAtOnceAndTheJobGoesOn()
    {
        var submission = await Client.SubmitAsync("test_empty_middle", new JsonObject { ["tasks"] = 3 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var empty = await StageAsync(job.JobId, 2);
        Assert.Equal((0, 0), (empty.TaskCount, empty.Remaining));
        Assert.NotNull(empty.CompletedAt);
        Assert.NotNull(empty.AdvancedAt);
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.StageCompleted, 2));
        var fanIn = Assert.Single(await TasksAsync(job.JobId, stage: 3));
        Assert.Equal(0, fanIn.Result!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task StreamedPlan_OfManyTasks_CountsThemOnTheStage()
    {
        var submission = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1234 });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var stage = await StageAsync(job.JobId, 1);
        Assert.Equal((1234, 0), (stage.TaskCount, stage.Remaining));
        Assert.Equal(Enumerable.Range(0, 1234), (await TasksAsync(job.JobId, stage: 1)).Select(t => t.Result!["index"]!.GetValue<int>()));
        Assert.Equal(1234, (await TasksAsync(job.JobId, stage: 2)).Single().Result!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Planner_BreakingItsContract_FailsTheJobWithTheReason()
    {
        var submission = await Client.SubmitAsync("test_duplicate_keys", null);

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("two tasks with key 'same'", job.Error);
        Assert.Empty(await TasksAsync(job.JobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(job.JobId), default));
    }

    [Theory]
    [InlineData("duplicate_last", "two tasks with key 't7'")]
    [InlineData("bad_key_last", "planned a task with key 'no spaces allowed'")]
    [InlineData("throw_permanent", "ArgumentException: the plan ran out of tiles")]
    public async Task Planner_FailingAtTheEndOfAStreamedPlan_FailsTheJob_AndWritesNoTask(string fault, string expected)
    {
        // 600 tasks: past the size where a store may stream a plan rather than hold it (PostgreSQL: COPY).
        var submission = await Client.SubmitAsync("test_streamed_plan_fault", new JsonObject { ["tasks"] = 600, ["fault"] = fault });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(expected, job.Error);
        Assert.Empty(await TasksAsync(job.JobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(job.JobId), default));
        Assert.Equal(0, await EventCountAsync(job.JobId, JobEventKind.StagePlanned));
    }
}
