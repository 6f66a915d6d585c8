namespace GeoOrchestration.Engine;

/// <summary>What a task failure means for its task: retry, or fail for good (<see cref="ExceptionClassifier.Classify"/>).</summary>
public enum FailureKind
{
    /// <summary>May succeed if tried again: retried with backoff until the task's attempts run out.</summary>
    Transient,
    /// <summary>Cannot succeed by trying again: fails the task at once.</summary>
    Permanent,
}
