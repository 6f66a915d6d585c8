using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Across processes: real <c>geoorch worker</c> processes export their spans over OTLP/HTTP to a
/// receiver in the test when the OTEL_* environment asks, each a child of the trace the job was
/// submitted in; and start no exporter when it does not.
/// </summary>
public abstract partial class TraceTests
{
    private static readonly string[] TracedWorkerOptions = ["--concurrency", "4", "--poll-interval", "0.2", "--shutdown-grace", "5"];

    [Fact]
    public async Task Workers_ExportingOtlp_EveryTaskSpanOfTheJobCarriesTheSubmittersTrace()
    {
        using var receiver = new OtlpReceiver();
        string jobId;
        string trace;
        using (var caller = CallerSpan())
        {
            jobId = (await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 40, ["stages"] = 2, ["label"] = Guid.NewGuid().ToString("N") })).Job.JobId;
            trace = caller.TraceId.ToHexString();
        }
        var environment = new Dictionary<string, string?>(ProcessEnvironment)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "geo-trace-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        var workers = Enumerable.Range(0, 2).Select(_ => WorkerProcess.Start(TracedWorkerOptions, environment)).ToList();
        try
        {
            await Eventually.TrueAsync(async () => (await Client.GetJobAsync(jobId)).Status.IsTerminal(), seconds: 120);
            Assert.Equal(JobStatus.Completed, (await Client.GetJobAsync(jobId)).Status);
            // SIGTERM once it handles it: a worker stops cleanly, and its tracer provider flushes what it still holds.
            foreach (var worker in workers)
            {
                await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted), seconds: 60);
                Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
            }
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }

        var spans = receiver.Spans.Where(s => s.Attributes.GetValueOrDefault(GeoTraceTags.JobId) == jobId).ToList();
        var tasks = spans.Where(s => s.Name == GeoTracing.TaskSpan).ToList();
        var expected = (await TasksAsync(jobId)).Select(t => t.TaskId).Order().ToList();
        Assert.Equal(expected, tasks.Select(s => s.Attributes[GeoTraceTags.TaskId]).Distinct().Order());
        Assert.All(spans, s => Assert.Equal(trace, s.TraceId));
        // Distinct: on a loaded machine a lease may lapse and an item run twice, each run its own span.
        Assert.Equal(["geo.finalize 2", "geo.plan 1", "geo.plan 2"],
            spans.Where(s => s.Name != GeoTracing.TaskSpan).Select(s => $"{s.Name} {s.Attributes[GeoTraceTags.Stage]}").Distinct().Order());
        Assert.All(spans, s => Assert.Equal("geo-trace-test", s.Resource["service.name"]));
        Output?.WriteLine($"{spans.Count} spans of the job from {spans.Select(s => s.Attributes[GeoTraceTags.Worker]).Distinct().Count()} worker(s)");
    }

    [Theory]
    [InlineData("OTEL_TRACES_EXPORTER", "none")]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    public async Task Worker_WithExportTurnedOff_NeverConnects(string variable, string value)
    {
        using var receiver = new OtlpReceiver();
        var jobId = (await Client.SubmitAsync("noop", new JsonObject { ["tasks"] = 5, ["label"] = Guid.NewGuid().ToString("N") })).Job.JobId;
        var environment = new Dictionary<string, string?>(ProcessEnvironment)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            [variable] = value,
        };
        using (var worker = WorkerProcess.Start(TracedWorkerOptions, environment))
        {
            await Eventually.TrueAsync(async () => (await Client.GetJobAsync(jobId)).Status.IsTerminal(), seconds: 120);
            await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted), seconds: 60);
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(0, receiver.Requests);
    }

    [Fact]
    public async Task Worker_NamingAnUnknownExporter_RefusesToStartNamingTheVariable()
    {
        var environment = new Dictionary<string, string?>(ProcessEnvironment) { ["OTEL_TRACES_EXPORTER"] = "otlp,zipkin" };

        var result = await Geoorch.RunAsync(["worker", .. TracedWorkerOptions], environment);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("OTEL_TRACES_EXPORTER", line);
        Assert.Contains("'zipkin'", line);
    }

    [Fact]
    public async Task Submit_FromAPipelineStep_StoresTheTraceOfItsTraceparentVariable()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        var environment = new Dictionary<string, string?>(ProcessEnvironment)
        {
            ["TRACEPARENT"] = $"00-{traceId}-{spanId}-01",
            ["TRACESTATE"] = "ci=pipeline-7",
        };

        var submit = await Geoorch.RunAsync(["submit", "noop", "-p", "tasks=1", "-p", $"label={Guid.NewGuid():N}"], environment);

        Assert.True(submit.ExitCode == 0, submit.Stderr);
        Assert.DoesNotContain("warning", submit.Stderr, StringComparison.Ordinal);
        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("trace-reader", 1, LongLease), default));
        // Nothing exports here: the job's spans take the pipeline's step itself as their parent.
        Assert.Equal(($"00-{traceId}-{spanId}-01", "ci=pipeline-7"), (plan.TraceParent, plan.TraceState));
    }

    [Fact]
    public async Task JobGetAndList_ShowTheTraceIdOfTheJob_AsTextAndJson()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var environment = new Dictionary<string, string?>(ProcessEnvironment) { ["TRACEPARENT"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" };
        var submit = await Geoorch.RunAsync(["submit", "noop", "-p", "tasks=1", "-p", $"label={Guid.NewGuid():N}", "-o", "json"], environment);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var jobId = submit.Json["jobId"]!.GetValue<string>();

        var json = await Geoorch.RunAsync(["job", "get", jobId, "-o", "json"], ProcessEnvironment);
        var text = await Geoorch.RunAsync(["job", "get", jobId], ProcessEnvironment);
        var list = await Geoorch.RunAsync(["job", "list", "-o", "json"], ProcessEnvironment);

        Assert.Equal(traceId, submit.Json["traceId"]!.GetValue<string>());
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(traceId, json.Json["traceId"]!.GetValue<string>());
        Assert.Null(json.Json["removingAt"]);
        Assert.True(json.Json.AsObject().ContainsKey("removingAt"));
        Assert.Matches($@"(?m)^Trace id\s+{traceId}\s*$", text.Stdout);
        Assert.DoesNotContain("Removing since", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(traceId, Assert.Single(list.Json.AsArray(), j => j!["jobId"]!.GetValue<string>() == jobId)!["traceId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public async Task Submit_WithAMalformedTraceparentVariable_WarnsNamingIt_AndTheJobGetsATraceOfItsOwn(string traceParent)
    {
        var environment = new Dictionary<string, string?>(ProcessEnvironment) { ["TRACEPARENT"] = traceParent };

        var submit = await Geoorch.RunAsync(["submit", "noop", "-p", "tasks=1", "-p", $"label={Guid.NewGuid():N}"], environment);

        Assert.True(submit.ExitCode == 0, submit.Stderr);
        var warning = Assert.Single(submit.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("warning", StringComparison.Ordinal));
        Assert.Contains($"TRACEPARENT '{traceParent}' is not a W3C traceparent", warning, StringComparison.Ordinal);
        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("trace-reader", 1, LongLease), default));
        Assert.NotNull(JobTraceContext.Parent(plan.TraceParent, plan.TraceState));
        Assert.DoesNotContain(traceParent, plan.TraceParent!, StringComparison.Ordinal);
    }
}
