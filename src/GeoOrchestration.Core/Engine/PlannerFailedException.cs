namespace GeoOrchestration.Engine;

/// <summary>
/// A job type's planner threw while its plan was being streamed into the store. Wrapping it keeps
/// the planner's own failure apart from the store's: only the first can fail the job (when
/// permanent); the store's are retried like any other.
/// </summary>
internal sealed class PlannerFailedException(Exception inner)
    : Exception($"The planner failed: {inner.GetType().Name}: {inner.Message}", inner)
{
    public Exception Planner => InnerException!;
}
