using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.StoreConformance;

/// <summary>Every job reaches a terminal state: a summary built from the store's stage rows, or, when the job type's Finalize throws, a fallback result.</summary>
public abstract partial class StoreConformanceTests
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
        Assert.Equal([3, 3, 3, 3], await Store.StageTaskCountsAsync(job.JobId, default));
    }
}
