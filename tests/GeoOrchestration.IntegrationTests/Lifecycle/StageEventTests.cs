using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>
/// One stage_completed per stage whatever happens, none while the job has ended: tasks that were
/// running when their job timed out or was cancelled still complete, and the retry advances.
/// </summary>
public sealed class StageEventTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    /// <summary>Plans the job's stage 1 and claims its tasks under a long lease, as a worker running them would.</summary>
    private async Task<(string JobId, List<PlannedTask> Tasks)> RunningAsync(HandPlannedJobs jobs, int size, SubmitOptions? options = null)
    {
        var (jobId, tasks) = await jobs.SubmitAsync(size, options);
        await fixture.Store.StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks), default);
        var claimed = await fixture.Store.WorkClaimAsync(new WorkClaimParams("runner", 100, TimeSpan.FromMinutes(5)), default);
        Assert.Equal(size, claimed.Count(i => i.JobId == jobId));
        return (jobId, tasks);
    }

    private async Task CompleteAllAsync(List<PlannedTask> tasks)
    {
        var outcomes = await fixture.Store.TaskCompleteBatchAsync(
            tasks.Select(t => new TaskCompleteParams(t.TaskId, new JsonObject { ["index"] = t.Parameters["index"]!.GetValue<int>() })).ToList(), default);
        // The work was done: the results are stored and counted, whatever became of the job.
        Assert.All(outcomes, o => Assert.Equal(TaskCompleteStatus.Completed, o.Status));
    }

    private Task<long> StageCompletedEventsAsync(string jobId) => fixture.Store.EventCountAsync(jobId, "stage_completed", 1, default);

    private async Task<JobRecord> TimedOutAsync(string jobId)
    {
        await Eventually.TrueAsync(async () => (await fixture.Store.JanitorRunAsync(default))?.JobsTimedOut == 1);
        var job = await fixture.Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        return job;
    }

    [Fact]
    public async Task JobTimeout_WhileItsTasksRun_TheirCompletionsCountAndTheRetryAdvancesTheStageOnce()
    {
        await using var jobs = new HandPlannedJobs(fixture);
        var timeout = TimeSpan.FromSeconds(1);
        var (jobId, tasks) = await RunningAsync(jobs, 2, new SubmitOptions { JobTimeout = timeout });

        var failed = await TimedOutAsync(jobId);
        await CompleteAllAsync(tasks);

        Assert.Equal("The job exceeded its timeout of 1 s.", failed.Error);
        Assert.Equal(0, await StageCompletedEventsAsync(jobId));

        var retried = (await fixture.Client.RetryJobAsync(jobId)).Job!;

        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        // The timeout as configured runs again from the retry.
        Assert.Equal(timeout, retried.JobTimeout);
        Assert.Equal(timeout, retried.Deadline - retried.Updated);

        var again = await TimedOutAsync(jobId);

        Assert.Equal("The job exceeded its timeout of 1 s.", again.Error);

        await fixture.Client.RetryJobAsync(jobId);

        // The second retry gives the stage back its next step, without another stage_completed.
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        var next = await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 10, TimeSpan.FromMinutes(1)), default);
        Assert.Contains(next, i => i is { Kind: WorkKind.PlanStage, Stage: 2 } && i.JobId == jobId);
    }

    [Fact]
    public async Task JobCancelled_WhileItsTasksRun_NoStageEventUntilTheRetryAdvancesTheStageOnce()
    {
        await using var jobs = new HandPlannedJobs(fixture);
        var (jobId, tasks) = await RunningAsync(jobs, 3);

        await fixture.Client.CancelJobAsync(jobId);
        await CompleteAllAsync(tasks);

        Assert.Equal(0, await StageCompletedEventsAsync(jobId));
        Assert.Empty(await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 10, TimeSpan.FromMinutes(1)), default));

        var retried = await fixture.Client.RetryJobAsync(jobId);

        Assert.Equal(0, retried.TasksAffected);
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        var job = await WorkerRun.UntilTerminalAsync(fixture, jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await StageCompletedEventsAsync(jobId));
        Assert.Equal(1, await fixture.Store.EventCountAsync(jobId, "stage_completed", 2, default));
    }
}
