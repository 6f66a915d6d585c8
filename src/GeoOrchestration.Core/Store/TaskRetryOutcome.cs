namespace GeoOrchestration.Store;

/// <summary>What <see cref="IGeoStoreTransaction.TaskRetryScheduleAsync"/> did, with what the retry's audit event names.</summary>
/// <param name="Status">Scheduled, cancelled (its job ended), or not scheduled (nothing changed: the other fields are empty).</param>
/// <param name="JobId">The task's job; null when nothing changed.</param>
/// <param name="Stage">The task's stage; 0 when nothing changed.</param>
/// <param name="MaxAttempts">The task's attempt limit; 0 when nothing changed.</param>
/// <param name="VisibleAt">When the retry falls due, by the store's clock; null unless scheduled.</param>
public sealed record TaskRetryOutcome(TaskRetryStatus Status, string? JobId = null, int Stage = 0, int MaxAttempts = 0, DateTimeOffset? VisibleAt = null)
{
    /// <summary>Nothing changed: the attempt did not hold the task, or it had no attempt left.</summary>
    public static TaskRetryOutcome NotScheduled { get; } = new(TaskRetryStatus.NotScheduled);
}
