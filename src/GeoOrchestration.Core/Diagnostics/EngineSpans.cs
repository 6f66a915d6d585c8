using System.Diagnostics;
using GeoOrchestration.Store;

namespace GeoOrchestration.Diagnostics;

/// <summary>
/// Starts and ends the worker's spans of a work item (plan, task attempt, finalize), each a child of
/// the job's stored trace context. Every method takes and tolerates a null span: nothing listens.
/// </summary>
internal static class EngineSpans
{
    /// <summary>The span of a work item; null when nothing listens (no tag is computed then).</summary>
    public static Activity? Start(WorkItem item, string workerId)
    {
        var source = GeoTracing.Source;
        if (!source.HasListeners()) return null;
        var name = item.Kind switch
        {
            WorkKind.PlanStage => GeoTracing.PlanSpan,
            WorkKind.RunTask => GeoTracing.TaskSpan,
            _ => GeoTracing.FinalizeSpan,
        };
        // The job's context, never the ambient one: whatever was current when the worker started (a
        // host's span) is no parent of the job's work, so a job without a valid stored context starts a
        // trace of its own. Called under WorkExecutor.ExecuteAsync, an async method: clearing Current here reaches no caller of it.
        var parent = JobTraceContext.Parent(item.TraceParent, item.TraceState);
        if (parent is null) Activity.Current = null;
        var span = source.StartActivity(name, ActivityKind.Consumer, parent ?? default);
        if (span is null) return null;
        if (!span.IsAllDataRequested) return span;
        span.SetTag(GeoTraceTags.JobId, item.JobId);
        span.SetTag(GeoTraceTags.Stage, item.Stage);
        span.SetTag(GeoTraceTags.Attempt, item.Attempt);
        span.SetTag(GeoTraceTags.Worker, workerId);
        if (item.Kind == WorkKind.RunTask)
        {
            span.SetTag(GeoTraceTags.TaskId, item.TaskId);
            span.SetTag(GeoTraceTags.TaskType, item.TaskType);
        }
        else span.SetTag(GeoTraceTags.JobType, item.JobType);
        return span;
    }

    /// <summary>
    /// Runs a work item's <paramref name="work"/> in the item's span (see <see cref="Start"/>): the span is
    /// tagged with the outcome the work returns, or records the exception it throws, which is rethrown
    /// (the item is not recorded then: it comes back when its lease expires). With nothing listening the
    /// work runs alone, given a null span, with no wrapper state machine (it runs once per task).
    /// </summary>
    /// <param name="state">Passed to <paramref name="work"/>, so that a static lambda allocates no closure per item.</param>
    /// <param name="work">Does the item and returns its outcome (<see cref="TaskOutcomes"/>); given the span, or null.</param>
    public static Task RunAsync<TState>(WorkItem item, string workerId, TState state, Func<TState, Activity?, Task<string>> work) =>
        Start(item, workerId) is { } span ? TracedAsync(span, state, work) : work(state, null);

    private static async Task TracedAsync<TState>(Activity span, TState state, Func<TState, Activity?, Task<string>> work)
    {
        using (span)
        {
            try
            {
                Outcome(span, await work(state, span));
            }
            catch (Exception e)
            {
                Error(span, e);
                throw;
            }
        }
    }

    /// <summary>Marks the span with how the work ended; an outcome of failure sets the span's status to Error.</summary>
    public static void Outcome(Activity? span, string outcome)
    {
        if (span is null) return;
        span.SetTag(GeoTraceTags.Outcome, outcome);
        if (outcome == TaskOutcomes.Failed && span.Status == ActivityStatusCode.Unset) span.SetStatus(ActivityStatusCode.Error);
    }

    /// <summary>
    /// Records the exception that failed the work, as OpenTelemetry's exception convention has it: an
    /// <c>exception</c> event (type, message, stack trace), <c>error.type</c>, and status Error with the message.
    /// </summary>
    public static void Error(Activity? span, Exception exception)
    {
        if (span is null) return;
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        span.SetTag(GeoTraceTags.ErrorType, type);
        span.SetStatus(ActivityStatusCode.Error, exception.Message);
        span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = type,
            ["exception.message"] = exception.Message,
            ["exception.stacktrace"] = exception.ToString(),
        }));
    }
}
