using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The job record shows the trace id its spans share (what an operator looks the trace up by), from
/// every read of a job: the submission's answer, get, list and a request's latest run.
/// </summary>
public abstract partial class TraceTests
{
    [Fact]
    public async Task JobRecord_OfAJobSubmittedUnderATraceContext_ShowsItsTraceId_InEveryRead()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var context = new JobTraceContext($"00-{traceId}-{ActivitySpanId.CreateRandom()}-01", "geo=a");
        var prepared = Client.PrepareSubmission("test_wide", new JsonObject { ["tasks"] = 2 });

        var submitted = await Store.JobSubmitAsync(prepared.Run(1) with { TraceParent = context.TraceParent, TraceState = context.TraceState }, default);
        var again = await Store.JobSubmitAsync(prepared.Run(1), default);
        var jobId = submitted.Job.JobId;

        var expected = traceId.ToHexString();
        Assert.Equal(32, expected.Length);
        Assert.Equal(expected, submitted.Job.TraceId);
        Assert.False(again.Created);
        Assert.Equal(expected, again.Job.TraceId);
        Assert.Equal(expected, (await Store.JobGetAsync(new JobGetParams(jobId), default))!.TraceId);
        Assert.Equal(expected, Assert.Single(await Store.JobListAsync(new JobListParams(), default), j => j.JobId == jobId).TraceId);
        Assert.Equal(expected, (await Store.JobLatestRunAsync(new JobLatestRunParams(jobId), default))!.TraceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033")]
    public async Task JobRecord_WithNoOrUnparsableStoredTraceparent_ShowsNoTraceId_AndReadsAsUsual(string? stored)
    {
        var prepared = Client.PrepareSubmission("test_wide", new JsonObject { ["tasks"] = 1 });
        var submitted = await Store.JobSubmitAsync(prepared.Run(1) with { TraceParent = stored }, default);

        var job = await Store.JobGetAsync(new JobGetParams(submitted.Job.JobId), default);

        Assert.Null(submitted.Job.TraceId);
        Assert.Equal((JobStatus.Queued, (string?)null), (job!.Status, job.TraceId));
        Assert.Null(Assert.Single(await Store.JobListAsync(new JobListParams(), default)).TraceId);
    }
}
