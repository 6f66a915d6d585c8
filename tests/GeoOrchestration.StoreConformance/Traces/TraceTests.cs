using System.Diagnostics;
using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Traces: a job is stored with its submitter's W3C trace context, every claim carries it to the
/// worker, and every plan, task attempt and finalize span of the job, in any worker process, is a
/// child of it; bad stored text never breaks a job.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class TraceTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output)
{
    /// <summary>
    /// A started activity standing for the caller's own span (an incoming request's traceparent, say):
    /// a known trace id and span id, sampled, and a tracestate.
    /// </summary>
    private static Activity CallerSpan(string traceState = "geo=test")
    {
        var caller = new Activity("test.caller");
        caller.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        caller.TraceStateString = traceState;
        return caller.Start();
    }
}
