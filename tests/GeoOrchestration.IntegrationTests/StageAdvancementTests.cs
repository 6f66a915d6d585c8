using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests;

public sealed class StageAdvancementTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Submits a test_wide job and plans its first stage through the store, as a worker would.</summary>
    private async Task<string> PlanWideJobAsync(int tasks)
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = tasks });
        var plan = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 100, Lease), default))
            .Single(w => w.Kind == WorkKind.PlanStage && w.JobId == submission.Job.JobId);
        var planned = Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{plan.JobId[..16]}-s1-t{i}", $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3))
            .ToList();
        var outcome = await fixture.Store.StagePlanAsync(new StagePlanParams(plan.JobId, 1, 2, planned), default);
        Assert.True(outcome.Planned);
        return plan.JobId;
    }

    [Fact]
    public async Task TaskComplete_ThousandTasksByEightConcurrentCompleters_AdvancesTheStageExactlyOnce()
    {
        var jobId = await PlanWideJobAsync(1000);
        // Other tests of this class may leave tasks queued in the schema; count only this job's.
        var outcomes = new ConcurrentBag<TaskCompleteOutcome>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await using var store = fixture.CreateStore();
            while (true)
            {
                var claimed = (await store.WorkClaimAsync(new WorkClaimParams($"completer-{w}", 25, Lease), default))
                    .Where(i => i.Kind == WorkKind.RunTask).ToList();
                if (claimed.Count == 0) break;
                foreach (var item in claimed.Where(i => i.JobId != jobId))
                    await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, null), default);
                foreach (var item in claimed.Where(i => i.JobId == jobId))
                    outcomes.Add(await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = w }), default));
            }
        })));

        Assert.Equal(1000, outcomes.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT remaining FROM {schema}.stages WHERE job_id = @id AND stage = 1", ("id", jobId)));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id AND kind = 'plan' AND stage = 2", ("id", jobId)));
        Assert.Equal(1000, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id AND status = 'completed'", ("id", jobId)));
    }

    [Fact]
    public async Task TaskComplete_AlreadyCompleted_IsANoOpThatKeepsTheFirstResult()
    {
        var jobId = await PlanWideJobAsync(2);
        var taskId = $"{jobId[..16]}-s1-t0";
        await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 10, Lease), default);

        var first = await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["run"] = "first" }), default);
        var second = await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(taskId, new JsonObject { ["run"] = "second" }), default);

        Assert.Equal(TaskCompleteStatus.Completed, first.Status);
        Assert.Equal(TaskCompleteStatus.AlreadyCompleted, second.Status);
        Assert.False(second.StageCompleted);
        var task = (await fixture.Client.ListTasksAsync(jobId)).Single(t => t.TaskId == taskId);
        Assert.Equal("first", task.Result!["run"]!.GetValue<string>());
        Assert.Equal(1, await fixture.ScalarAsync("SELECT remaining FROM {schema}.stages WHERE job_id = @id AND stage = 1", ("id", jobId)));
    }

    [Fact]
    public async Task StagePlan_Redelivered_PlansTheStageOnlyOnce()
    {
        var jobId = await PlanWideJobAsync(3);
        var again = Enumerable.Range(0, 5)
            .Select(i => new PlannedTask($"{jobId[..16]}-s1-x{i}", $"x{i}", "test_echo", new JsonObject(), 3)).ToList();

        var outcome = await fixture.Store.StagePlanAsync(new StagePlanParams(jobId, 1, 2, again), default);

        Assert.False(outcome.Planned);
        Assert.Equal(3, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.tasks WHERE job_id = @id", ("id", jobId)));
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_planned", 1, default));
    }

    [Fact]
    public async Task TaskComplete_UnknownTask_ReportsNotFound()
    {
        var outcome = await fixture.Store.TaskCompleteAsync(new TaskCompleteParams("0000000000000000-s1-none", null), default);
        Assert.Equal(TaskCompleteStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task Job_FromTheStore_KeepsItsStatusNames()
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 7 });
        var listed = await fixture.Client.ListJobsAsync(new JobListParams(JobStatus.Queued, "test_wide"));
        Assert.Contains(listed, j => j.JobId == submission.Job.JobId);
        Assert.All(listed, j => Assert.Equal(JobStatus.Queued, j.Status));
    }

    [Fact]
    public async Task TaskClaim_LeaseExpired_AnotherWorkerTakesTheTaskOverAndItCompletesOnce()
    {
        var jobId = await PlanWideJobAsync(1);
        var taskId = $"{jobId[..16]}-s1-t0";
        // A worker that claims and then dies: its lease runs out and nobody renews it.
        var dead = await fixture.Store.WorkClaimAsync(new WorkClaimParams("dead-worker", 10, TimeSpan.FromMilliseconds(200)), default);
        Assert.Contains(dead, i => i.TaskId == taskId);
        await Task.Delay(400);

        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        var task = (await fixture.Client.ListTasksAsync(jobId, stage: 1)).Single();
        Assert.Equal(TaskRecordStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempts);
        Assert.Equal(2, task.Result!["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task TaskCompleteBatch_WithCompletedDuplicateAndUnknownTasks_CountsEachTaskOnceAndReportsTheRest()
    {
        var jobId = await PlanWideJobAsync(4); // sizes differ per test: the size is what makes each job distinct
        string Id(int i) => $"{jobId[..16]}-s1-t{i}";
        await fixture.Store.WorkClaimAsync(new WorkClaimParams("w", 10, Lease), default);
        await fixture.Store.TaskCompleteAsync(new TaskCompleteParams(Id(1), new JsonObject { ["run"] = "earlier" }), default);

        var outcomes = await fixture.Store.TaskCompleteBatchAsync(
        [
            new(Id(0), new JsonObject { ["run"] = "batch" }),
            new(Id(1), new JsonObject { ["run"] = "batch" }),
            new(Id(0), new JsonObject { ["run"] = "duplicate" }),
            new("0000000000000000-s1-nope", null),
        ], default);

        Assert.Equal([TaskCompleteStatus.Completed, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.AlreadyCompleted, TaskCompleteStatus.NotFound],
            outcomes.Select(o => o.Status));
        Assert.DoesNotContain(outcomes, o => o.StageCompleted);
        Assert.Equal(2, await fixture.ScalarAsync("SELECT remaining FROM {schema}.stages WHERE job_id = @id AND stage = 1", ("id", jobId)));
        var tasks = await fixture.Client.ListTasksAsync(jobId, stage: 1);
        Assert.Equal("earlier", tasks.Single(t => t.TaskId == Id(1)).Result!["run"]!.GetValue<string>());
        Assert.Equal("batch", tasks.Single(t => t.TaskId == Id(0)).Result!["run"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskCompleteBatch_OverlappingConcurrentBatches_AdvanceTheStageExactlyOnce()
    {
        const int count = 999;
        var jobId = await PlanWideJobAsync(count);
        var ids = Enumerable.Range(0, count).Select(i => $"{jobId[..16]}-s1-t{i}").ToList();
        // Claimed so they are processing; then every task is completed by two different batches.
        await fixture.Store.WorkClaimAsync(new WorkClaimParams("claimer", count + 10, Lease), default);
        var outcomes = new ConcurrentBag<TaskCompleteOutcome>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await using var store = fixture.CreateStore();
            var mine = ids.Where((_, i) => i % 4 == w % 4).ToList(); // each task in two of the eight completers
            foreach (var chunk in mine.Chunk(25))
                foreach (var o in await store.TaskCompleteBatchAsync(chunk.Select(id => new TaskCompleteParams(id, new JsonObject { ["by"] = w })).ToList(), default))
                    outcomes.Add(o);
        })));

        Assert.Equal(count, outcomes.Count(o => o.Status == TaskCompleteStatus.Completed));
        Assert.Equal(count, outcomes.Count(o => o.Status == TaskCompleteStatus.AlreadyCompleted));
        Assert.Single(outcomes, o => o.StageCompleted);
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.job_work WHERE job_id = @id AND kind = 'plan' AND stage = 2", ("id", jobId)));
    }
}
