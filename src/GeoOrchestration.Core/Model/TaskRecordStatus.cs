namespace GeoOrchestration.Model;

/// <summary>Where a task stands. A retry puts a task back to <see cref="Queued"/> with a later visible time.</summary>
public enum TaskRecordStatus
{
    /// <summary>Written by a chunked plan and not released yet: no worker claims it, no stage counts it.</summary>
    Pending,
    /// <summary>Runnable from its <see cref="TaskRecord.VisibleAt"/> on.</summary>
    Queued,
    /// <summary>An attempt holds it under a lease.</summary>
    Processing,
    /// <summary>Its result is stored; counted once toward its stage.</summary>
    Completed,
    /// <summary>Failed for good: a permanent failure, attempts exhausted, or a task timeout.</summary>
    Failed,
    /// <summary>Its job ended (failed or cancelled) before it ran to its end.</summary>
    Cancelled,
}
