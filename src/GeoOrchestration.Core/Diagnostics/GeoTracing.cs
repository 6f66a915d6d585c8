using System.Diagnostics;

namespace GeoOrchestration.Diagnostics;

/// <summary>
/// The engine's traces: one <see cref="ActivitySource"/> named <see cref="SourceName"/> (version: the
/// Core assembly's) with a span for each submission, each stage planned, each task attempt and each
/// finalize. Every span of a job has the job's stored trace context (<see cref="JobTraceContext"/>) as
/// parent, in whichever worker process it runs, so one trace shows the job end to end.
/// </summary>
/// <remarks>
/// Nothing is recorded unless a listener (the OpenTelemetry SDK, an <see cref="ActivityListener"/>)
/// subscribes to <see cref="SourceName"/>: <see cref="ActivitySource.StartActivity(string, ActivityKind, ActivityContext, IEnumerable{KeyValuePair{string, object?}}?, IEnumerable{ActivityLink}?, DateTimeOffset)"/>
/// returns null then and no tag is computed. Tag names are in <see cref="GeoTraceTags"/>, the outcomes
/// of a task attempt in <see cref="TaskOutcomes"/>.
/// </remarks>
public static class GeoTracing
{
    /// <summary>The name of the <see cref="ActivitySource"/>: what a host subscribes to (OpenTelemetry: <c>AddSource("GeoOrchestration")</c>).</summary>
    public const string SourceName = "GeoOrchestration";

    /// <summary>The span of a submission (kind Producer), in the submitting process.</summary>
    public const string SubmitSpan = "geo.submit";
    /// <summary>The span of planning one stage (kind Consumer), in the worker that plans it.</summary>
    public const string PlanSpan = "geo.plan";
    /// <summary>The span of one attempt of one task (kind Consumer), in the worker that runs it.</summary>
    public const string TaskSpan = "geo.task";
    /// <summary>The span of a job's finalize (kind Consumer), in the worker that ends the job.</summary>
    public const string FinalizeSpan = "geo.finalize";

    /// <summary>The source every span of the engine starts from.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(GeoTracing).Assembly.GetName().Version?.ToString());
}
