namespace GeoOrchestration.Model;

/// <summary>Where a job stands. <see cref="StatusNames"/> gives the spelling used in the store and in JSON.</summary>
public enum JobStatus
{
    Queued,
    Processing,
    Completed,
    CompletedWithErrors,
    Failed,
    Cancelled,
}
