namespace GeoOrchestration.Model;

/// <summary>Where a job stands. <see cref="StatusNames"/> gives the spelling used in the store and in JSON.</summary>
public enum JobStatus
{
    /// <summary>Submitted; its first stage not planned yet (<c>queued</c>).</summary>
    Queued,
    /// <summary>A stage is planned or running (<c>processing</c>).</summary>
    Processing,
    /// <summary>Every task completed and the finalize ran (<c>completed</c>).</summary>
    Completed,
    /// <summary>Ended with failures its stages tolerated, or with a fallback result after a throwing finalize (<c>completed_with_errors</c>).</summary>
    CompletedWithErrors,
    /// <summary>A task failed beyond its stage's tolerance, a planner broke its contract, or the job timed out (<c>failed</c>).</summary>
    Failed,
    /// <summary>Cancelled by a user (<c>cancelled</c>).</summary>
    Cancelled,
}
