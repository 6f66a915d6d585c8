namespace GeoOrchestration.Progress;

/// <summary>When a worker last left a mark on the store, by the store's own clock.</summary>
/// <param name="Now">The store's clock when it answered.</param>
/// <param name="LastSeen">The latest claim, lease renewal, held control item or stage/job event of any worker; null when there is none.</param>
public sealed record WorkerActivity(DateTimeOffset Now, DateTimeOffset? LastSeen)
{
    /// <summary>How long ago a worker was last seen; null when never.</summary>
    public TimeSpan? Idle => LastSeen is { } seen ? Now - seen : null;
}
