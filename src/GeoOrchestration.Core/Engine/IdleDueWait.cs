namespace GeoOrchestration.Engine;

/// <summary>
/// The claim loop's sense of time: when the next retry falls due, since when the worker has been
/// idle, and so how long it sleeps before it looks for work again (unless woken first) and when
/// its idle limit (<see cref="WorkerOptions.ExitWhenIdle"/>) is reached. Counted on the worker's
/// own clock: the store says how far off the next retry is, by its clock, and the worker only
/// counts that down.
/// </summary>
internal sealed class IdleDueWait(TimeProvider time, TimeSpan pollInterval, TimeSpan? exitWhenIdle)
{
    /// <summary>Bounds a wait computed from a timestamp (and keeps the arithmetic far from overflow).</summary>
    private const double MaxWaitSeconds = 86_400 * 365;

    // When the worker last became idle (null while it is not): nothing running, no result waiting
    // for its commit, and nothing claimable, not even a retry due within the idle limit, nor a task
    // another worker holds (IdleLeases).
    private long? _idleSince;
    // When the next retry falls due by the store's clock, as a timestamp of this worker's clock.
    private long? _dueAt;

    /// <summary>A claim found work: the worker is not idle.</summary>
    public void Busy() => _idleSince = null;

    /// <summary>
    /// A claim found nothing; <paramref name="due"/> is how far off the store says the next retry is
    /// (by its own clock), null when none is scheduled.
    /// </summary>
    public void NothingClaimable(TimeSpan? due) =>
        _dueAt = due is { } d ? time.GetTimestamp() + (long)(Math.Min(d.TotalSeconds, MaxWaitSeconds) * time.TimestampFrequency) : null;

    /// <summary>
    /// With no room to claim, a retry that has fallen due is forgotten: the next finished item
    /// wakes the loop, and its claim takes what fell due.
    /// </summary>
    public void ForgetDueIfPassed()
    {
        if (_dueAt is { } passed && Until(passed) == TimeSpan.Zero) _dueAt = null;
    }

    /// <summary>A retry that falls due within the idle limit is work to wait for, not idleness.</summary>
    public bool DueWithinIdleLimit => _dueAt is { } due && exitWhenIdle is { } limit && Until(due) <= limit;

    /// <summary>Counts idleness from now, or from when it began if the worker was idle already.</summary>
    public void Idle() => _idleSince ??= time.GetTimestamp();

    /// <summary>Something is running, committing, due or held elsewhere: not idle.</summary>
    public void NotIdle() => _idleSince = null;

    /// <summary>Idle for the whole idle limit: the worker exits.</summary>
    public bool IdleLimitReached => _idleSince is { } since && exitWhenIdle is { } idle && time.GetElapsedTime(since) >= idle;

    /// <summary>
    /// How long to sleep unless woken: the fallback poll, cut short by the rest of the idle limit
    /// (while idle) and by the next retry's due time; never negative.
    /// </summary>
    public TimeSpan NextWait()
    {
        var wait = pollInterval;
        if (_idleSince is { } since && exitWhenIdle is { } limit) wait = Min(wait, limit - time.GetElapsedTime(since));
        if (_dueAt is { } due) wait = Min(wait, Until(due));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private TimeSpan Until(long timestamp)
    {
        var now = time.GetTimestamp();
        return timestamp <= now ? TimeSpan.Zero : time.GetElapsedTime(now, timestamp);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
