using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// One stage_completed per stage whatever happens, none while the job has ended: tasks that were
/// running when their job timed out or was cancelled still complete, and the retry advances.
/// </summary>
public abstract partial class EngineStepTests
{
    /// <summary>Plans a job's stage 1 and claims its tasks under a long lease, as a worker running them would.</summary>
    private async Task<(string JobId, List<PlannedTask> Tasks)> RunningAsync(int size, SubmitOptions? options = null)
    {
        var (jobId, tasks) = await PlannedAsync(size, options);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("runner", 100, LongLease), default);
        Assert.Equal(size, claimed.Count(i => i.JobId == jobId));
        return (jobId, tasks);
    }

    /// <summary>The work was done: the results are stored and counted, whatever became of the job.</summary>
    private async Task CompleteAllCountedAsync(List<PlannedTask> tasks) =>
        Assert.All(await CompleteAllAsync(tasks), o => Assert.Equal(TaskCompleteStatus.Completed, o.Status));

    private async Task<JobRecord> TimedOutAsync(string jobId)
    {
        await Eventually.TrueAsync(async () => (await Steps.JanitorRunAsync(default))?.JobsTimedOut == 1);
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        return job;
    }

    [Fact]
    public async Task JobTimeout_WhileItsTasksRun_TheirCompletionsCountAndTheRetryAdvancesTheStageOnce()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var (jobId, tasks) = await RunningAsync(2, new SubmitOptions { JobTimeout = timeout });

        var failed = await TimedOutAsync(jobId);
        await CompleteAllCountedAsync(tasks);

        Assert.Equal("The job exceeded its timeout of 1 s.", failed.Error);
        Assert.Equal(0, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var stage = await StageAsync(jobId, 1);
        Assert.Equal((0, null), (stage.Remaining, stage.AdvancedAt));

        var retried = (await Client.RetryJobAsync(jobId)).Job!;

        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        // The timeout as configured runs again from the retry.
        Assert.Equal(timeout, retried.JobTimeout);
        Assert.Equal(timeout, retried.Deadline - retried.Updated);

        var again = await TimedOutAsync(jobId);

        Assert.Equal("The job exceeded its timeout of 1 s.", again.Error);

        await Client.RetryJobAsync(jobId);

        // The second retry gives the stage back its next step, without another stage_completed.
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var next = await Store.WorkClaimAsync(new WorkClaimParams("planner", 10, LongLease), default);
        Assert.Contains(next, i => i is { Kind: WorkKind.PlanStage, Stage: 2 } && i.JobId == jobId);
    }

    [Fact]
    public async Task JobCancelled_WhileItsTasksRun_NoStageEventUntilTheRetryAdvancesTheStageOnce()
    {
        var (jobId, tasks) = await RunningAsync(3);

        await Client.CancelJobAsync(jobId);
        await CompleteAllCountedAsync(tasks);

        Assert.Equal(0, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.Empty(await Store.WorkClaimAsync(new WorkClaimParams("planner", 10, LongLease), default));

        var retried = await Client.RetryJobAsync(jobId);

        Assert.Equal(0, retried.TasksAffected);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        var job = await RunUntilTerminalAsync(jobId);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 2));
    }
}
