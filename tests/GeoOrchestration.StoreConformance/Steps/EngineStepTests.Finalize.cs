using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>Every job reaches a terminal state: a summary built from the store's stage rows, or, when the job type's Finalize throws, a fallback result.</summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task Finalize_Throwing_EndsTheJobCompletedWithErrorsAndAFallbackResult()
    {
        var submission = await Client.SubmitAsync("test_finalize_throws", null);

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal("summary exploded", job.Result!["finalize_error"]!["message"]!.GetValue<string>());
        Assert.Equal(1, job.Result!["tasks"]!.GetValue<int>());
        Assert.Equal(1, await EventCountAsync(job.JobId, JobEventKind.Finalized));
        Assert.Empty(await WorkAsync(job.JobId));
    }

    [Fact]
    public async Task DefaultSummary_CountsEveryStagesTasks_FromTheStageRows()
    {
        // noop keeps the default Finalize, so its summary is built from stage counts, not results.
        var submission = await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 3, ["stages"] = 4, ["label"] = "summary" });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal("noop", job.Result!["job_type"]!.GetValue<string>());
        Assert.Equal(4, job.Result!["stages"]!.GetValue<int>());
        Assert.Equal(12, job.Result!["tasks"]!.GetValue<int>());
        Assert.Equal([3, 3, 3, 3], await Steps.StageTaskCountsAsync(job.JobId, default));
    }

    [Fact]
    public async Task JobFinalize_Twice_EndsTheJobOnceAndKeepsTheFirstResult()
    {
        var jobId = new string('f', 64);
        await Store.JobSubmitAsync(new JobSubmitParams(jobId, "noop", new JsonObject { ["label"] = "finalize" }, 1), default);
        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default));
        var planned = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 1, []), default);
        var finalize = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("w", 1, LongLease), default));

        var first = await Steps.JobFinalizeAsync(new JobFinalizeParams(jobId, JobStatus.Completed, new JsonObject { ["run"] = "first" }), default);
        var second = await Steps.JobFinalizeAsync(new JobFinalizeParams(jobId, JobStatus.CompletedWithErrors, new JsonObject { ["run"] = "second" }), default);

        Assert.Equal((WorkKind.PlanStage, true, true), (plan.Kind, planned.Planned, planned.StageCompleted));
        Assert.Equal((WorkKind.Finalize, jobId, 1), (finalize.Kind, finalize.JobId, finalize.Stage));
        Assert.Equal((JobEndStatus.Ended, JobEndStatus.NotLive), (first, second));
        var job = await Client.GetJobAsync(jobId);
        Assert.Equal((JobStatus.Completed, "first"), (job.Status, job.Result!["run"]!.GetValue<string>()));
        Assert.NotNull(job.Completed);
        Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Finalized));
        Assert.Empty(await WorkAsync(jobId));
    }
}
