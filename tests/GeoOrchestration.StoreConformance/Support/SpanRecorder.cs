using System.Collections.Concurrent;
using System.Diagnostics;
using GeoOrchestration.Diagnostics;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// An in-memory listener on the engine's <see cref="ActivitySource"/>: every span of the
/// <c>GeoOrchestration</c> source that ends while it is open, fully recorded. Listeners are global
/// to the process and tests run side by side, so a test reads only the spans of its own trace or job.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GeoTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => _spans.Enqueue(span),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The ended spans of one trace.</summary>
    public IReadOnlyList<Activity> OfTrace(ActivityTraceId trace) => _spans.Where(s => s.TraceId == trace).ToList();

    /// <summary>The ended spans tagged with a job's id.</summary>
    public IReadOnlyList<Activity> OfJob(string jobId) => _spans.Where(s => Equals(s.GetTagItem(GeoTraceTags.JobId), jobId)).ToList();

    public void Dispose() => _listener.Dispose();
}
