using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>The engine's spans of a job run in this process: names, tags, outcomes, and one trace under the submit span.</summary>
public abstract partial class TraceTests
{
    [Fact]
    public async Task JobRun_EverySpanOfTheJob_IsInTheSubmittersTraceUnderTheSubmitSpan()
    {
        using var recorder = new SpanRecorder();
        string jobId;
        ActivityTraceId trace;
        using (var caller = CallerSpan())
        {
            jobId = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 })).Job.JobId;
            trace = caller.TraceId;
        }
        // The worker starts with no current span: only the job's stored context can link its spans.
        Assert.Null(Activity.Current);

        var job = await RunUntilTerminalAsync(jobId, workers: 2);

        Assert.Equal(JobStatus.Completed, job.Status);
        await Eventually.TrueAsync(() => Task.FromResult(recorder.OfTrace(trace).Any(s => s.OperationName == GeoTracing.FinalizeSpan)));
        var spans = recorder.OfTrace(trace);
        var submit = Assert.Single(spans, s => s.OperationName == GeoTracing.SubmitSpan);
        Assert.Equal((ActivityKind.Producer, "test_wide", jobId, true),
            (submit.Kind, submit.GetTagItem(GeoTraceTags.JobType), submit.GetTagItem(GeoTraceTags.JobId), submit.GetTagItem(GeoTraceTags.Created)));
        var work = spans.Where(s => s != submit).ToList();
        Assert.All(work, s => Assert.Equal((submit.SpanId, ActivityKind.Consumer, jobId), (s.ParentSpanId, s.Kind, s.GetTagItem(GeoTraceTags.JobId))));
        Assert.Equal([1, 2], work.Where(s => s.OperationName == GeoTracing.PlanSpan).Select(s => (int)s.GetTagItem(GeoTraceTags.Stage)!).Order());
        Assert.Equal(3, work.Single(s => s.OperationName == GeoTracing.PlanSpan && (int)s.GetTagItem(GeoTraceTags.Stage)! == 1).GetTagItem(GeoTraceTags.TaskCount));
        var tasks = work.Where(s => s.OperationName == GeoTracing.TaskSpan).ToList();
        Assert.Equal((await TasksAsync(jobId)).Select(t => t.TaskId).Order(), tasks.Select(s => (string)s.GetTagItem(GeoTraceTags.TaskId)!).Order());
        Assert.All(tasks, s => Assert.Equal((TaskOutcomes.Completed, 1, ActivityStatusCode.Unset),
            (s.GetTagItem(GeoTraceTags.Outcome), s.GetTagItem(GeoTraceTags.Attempt), s.Status)));
        Assert.Equal(["test_collect", "test_echo", "test_echo", "test_echo"], tasks.Select(s => (string)s.GetTagItem(GeoTraceTags.TaskType)!).Order());
        var finalize = Assert.Single(work, s => s.OperationName == GeoTracing.FinalizeSpan);
        Assert.Equal(("test_wide", "completed", TaskOutcomes.Completed),
            (finalize.GetTagItem(GeoTraceTags.JobType), finalize.GetTagItem(GeoTraceTags.JobStatus), finalize.GetTagItem(GeoTraceTags.Outcome)));
        Assert.Equal(2 + 4 + 1, work.Count);
    }

    [Fact]
    public async Task TaskSpans_OfAFailingTask_RecordTheRetryAndTheException()
    {
        using var recorder = new SpanRecorder();
        var jobId = (await Client.SubmitAsync("test_behaviour", new JsonObject
        {
            ["behaviour"] = "transient_until", ["tasks"] = 1, ["succeed_on"] = 2, ["run"] = Guid.NewGuid().ToString("N"),
        })).Job.JobId;

        Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(jobId)).Status);

        var attempts = recorder.OfJob(jobId).Where(s => s.OperationName == GeoTracing.TaskSpan).OrderBy(s => (int)s.GetTagItem(GeoTraceTags.Attempt)!).ToList();
        Assert.Equal(2, attempts.Count);
        var (failed, succeeded) = (attempts[0], attempts[1]);
        Assert.Equal((TaskOutcomes.Retried, typeof(IOException).FullName, ActivityStatusCode.Error),
            (failed.GetTagItem(GeoTraceTags.Outcome), failed.GetTagItem(GeoTraceTags.ErrorType), failed.Status));
        Assert.Contains("attempt 1", failed.StatusDescription);
        var exception = Assert.Single(failed.Events, e => e.Name == "exception");
        Assert.Equal(typeof(IOException).FullName, exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal((TaskOutcomes.Completed, ActivityStatusCode.Unset), (succeeded.GetTagItem(GeoTraceTags.Outcome), succeeded.Status));
        Assert.Equal(failed.TraceId, succeeded.TraceId);
    }

    [Fact]
    public async Task TaskSpan_OfAPermanentFailure_EndsFailedAndTheJobsFinalizeNeverRuns()
    {
        using var recorder = new SpanRecorder();
        var jobId = (await Client.SubmitAsync("test_failing", new JsonObject { ["fail_key"] = "t0", ["tasks"] = 1 })).Job.JobId;

        Assert.Equal(JobStatus.Failed, (await RunUntilTerminalAsync(jobId)).Status);

        var task = Assert.Single(recorder.OfJob(jobId), s => s.OperationName == GeoTracing.TaskSpan);
        Assert.Equal((TaskOutcomes.Failed, ActivityStatusCode.Error), (task.GetTagItem(GeoTraceTags.Outcome), task.Status));
        Assert.NotNull(task.GetTagItem(GeoTraceTags.ErrorType));
        Assert.DoesNotContain(recorder.OfJob(jobId), s => s.OperationName == GeoTracing.FinalizeSpan);
    }

    [Theory]
    [InlineData("not a traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    public async Task JobRun_WithBadStoredTraceContext_RunsToTheEndWithSpansOfTheirOwn(string traceParent)
    {
        using var recorder = new SpanRecorder();
        var prepared = Client.PrepareSubmission("test_wide", new JsonObject { ["tasks"] = 2 });
        // A run number of this test's own gives a job id no other test uses: the recorder hears every test of the
        // process, and other classes running in parallel submit test_wide with 2 tasks (run 1) to stores of
        // their own, under the same job id (CI once counted 7 spans here for 6).
        var run = Random.Shared.Next(1_000, 1_000_000_000);
        var jobId = (await Store.JobSubmitAsync(prepared.Run(run) with { TraceParent = traceParent, TraceState = "bad state \u0001" }, default)).Job.JobId;

        using (CallerSpan())
        {
            // A worker started inside some span of its host: that span is no parent of the job's work either.
            Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(jobId)).Status);
        }

        await Eventually.TrueAsync(() => Task.FromResult(recorder.OfJob(jobId).Any(s => s.OperationName == GeoTracing.FinalizeSpan)));
        var spans = recorder.OfJob(jobId);
        Assert.Equal(2 + 3 + 1, spans.Count);
        Assert.All(spans, s => Assert.Equal(default, s.ParentSpanId));
    }
}
