namespace GeoOrchestration.Diagnostics;

/// <summary>The values of <see cref="GeoTraceTags.Outcome"/>: how one task attempt ended.</summary>
public static class TaskOutcomes
{
    /// <summary>The handler returned a result, queued for the worker's next batch commit.</summary>
    public const string Completed = "completed";
    /// <summary>The attempt failed and the task failed for good (the job failed, or its stage tolerated the failure).</summary>
    public const string Failed = "failed";
    /// <summary>The attempt failed transiently and the task was queued again after its backoff.</summary>
    public const string Retried = "retried";
    /// <summary>The worker stopped and handed the task back to the queue; the attempt does not count.</summary>
    public const string HandedBack = "handed_back";
    /// <summary>The job ended (cancelled, failed elsewhere, timed out) before or while the task ran.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>The attempt no longer held the task (its lease lapsed): its report was dropped, another attempt's counts.</summary>
    public const string LeaseLost = "lease_lost";
}
