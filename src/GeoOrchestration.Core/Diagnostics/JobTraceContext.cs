using System.Diagnostics;

namespace GeoOrchestration.Diagnostics;

/// <summary>
/// The W3C trace context a job is stored with (its <c>traceparent</c> and <c>tracestate</c>): every
/// plan, task attempt and finalize span of the job, in any worker, takes it as its parent.
/// </summary>
/// <param name="TraceParent">A W3C <c>traceparent</c> header value (<c>00-{32 hex trace id}-{16 hex span id}-{2 hex flags}</c>).</param>
/// <param name="TraceState">A W3C <c>tracestate</c> header value; null when there is none.</param>
public sealed record JobTraceContext(string TraceParent, string? TraceState = null)
{
    /// <summary>The longest tracestate kept: what W3C requires a vendor to propagate (512 characters); a longer one is dropped.</summary>
    public const int MaxTraceStateLength = 512;

    /// <summary>
    /// The trace a process was started in, for submissions made when no span is current: a CI pipeline's step, as
    /// OpenTelemetry's environment-variable carrier passes it (<c>TRACEPARENT</c> / <c>TRACESTATE</c>; <c>geoorch submit</c>
    /// and <c>run</c> read them). Null (the default): none, and such a submission starts a trace of the job's own.
    /// </summary>
    public static ActivityContext? ProcessParent { get; set; }

    /// <summary>
    /// <see cref="ProcessParent"/> from a <c>traceparent</c> and <c>tracestate</c> text (the environment's); null for a traceparent
    /// that is not a W3C one (a tracestate that is not keepable is dropped, the traceparent kept).
    /// </summary>
    public static ActivityContext? ParseRemote(string traceParent, string? traceState) =>
        ActivityContext.TryParse(traceParent.Trim(), KeepableState(traceState?.Trim()), isRemote: true, out var context) ? context : null;

    /// <summary>
    /// The context a submission stores: the current activity's (the submit span, or the host's own
    /// span, say an incoming request's <c>traceparent</c>) when it has a W3C id; else <see cref="ProcessParent"/>; otherwise a new trace of
    /// the job's own (a fresh trace id, flagged sampled), so the job's spans in every worker still share
    /// one trace when the submitting process traces nothing. Costs one small string per job, none per task.
    /// </summary>
    /// <remarks>
    /// A sampling decision made upstream is kept: a span under a remote parent flagged not sampled
    /// stores that flag, and workers that sample by parent (OpenTelemetry's default) record nothing of
    /// the job. A span this process started as a root while nothing listened (a runbook's, a web
    /// request's without an incoming traceparent) carries no such decision, only the absence of a
    /// listener: it is stored flagged sampled, so the job's spans in workers that do export are kept.
    /// </remarks>
    /// <returns>The context to store with the job; never null.</returns>
    public static JobTraceContext Capture()
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            var flags = current.ActivityTraceFlags;
            if (!current.Recorded && LocalRoot(current).ParentSpanId == default) flags |= ActivityTraceFlags.Recorded;
            return new JobTraceContext(Format(new ActivityContext(current.TraceId, current.SpanId, flags)), KeepableState(current.TraceStateString));
        }
        // No span here (nothing listens): the process's own parent, so the job's spans hang under the pipeline's step.
        if (ProcessParent is { } parent) return new JobTraceContext(Format(parent), KeepableState(parent.TraceState));
        var root = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        return new JobTraceContext(Format(root));
    }

    /// <summary>
    /// The stored context as a parent for a span; null for text that is not a valid traceparent (bad
    /// text in the store never breaks a job: its spans then start traces of their own).
    /// </summary>
    /// <param name="traceParent">The stored traceparent; null when the job has none (submitted before traces were stored).</param>
    /// <param name="traceState">The stored tracestate, or null.</param>
    public static ActivityContext? Parent(string? traceParent, string? traceState)
    {
        if (string.IsNullOrEmpty(traceParent)) return null;
        return ActivityContext.TryParse(traceParent, KeepableState(traceState), isRemote: true, out var context) ? context : null;
    }

    /// <summary>
    /// The 32-hex W3C trace id of a stored traceparent, as a job record shows it; null when there is none or the
    /// text does not parse (stored text is never trusted: a reader of it never throws).
    /// </summary>
    public static string? TraceId(string? traceParent) => Parent(traceParent, null)?.TraceId.ToHexString();

    /// <summary>The traceparent text of a context (version 00).</summary>
    public static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";

    private static Activity LocalRoot(Activity span)
    {
        while (span.Parent is { } parent) span = parent;
        return span;
    }

    /// <summary>A tracestate worth storing: printable ASCII (what W3C allows) of at most <see cref="MaxTraceStateLength"/> characters; otherwise none.</summary>
    private static string? KeepableState(string? state) =>
        string.IsNullOrEmpty(state) || state.Length > MaxTraceStateLength || state.Any(c => c is < ' ' or > '~') ? null : state;
}
