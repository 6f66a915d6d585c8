namespace GeoOrchestration.Engine;

public enum FailureKind
{
    /// <summary>May succeed if tried again: retried with backoff until the task's attempts run out.</summary>
    Transient,
    /// <summary>Cannot succeed by trying again: fails the task at once.</summary>
    Permanent,
}
