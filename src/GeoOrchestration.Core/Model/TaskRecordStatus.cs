namespace GeoOrchestration.Model;

/// <summary>Where a task stands. A retry puts a task back to <see cref="Queued"/> with a later visible time.</summary>
public enum TaskRecordStatus
{
    Pending,
    Queued,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
