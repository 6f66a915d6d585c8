namespace GeoOrchestration.Engine;

/// <summary>
/// The longest a .NET timer (and so Task.Delay) can wait: about 49.7 days. Options allow longer
/// durations (a task timeout or shutdown grace of up to a year), which a timer must not be handed.
/// </summary>
internal static class TimerLimit
{
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The duration, or an infinite one when no timer could wait that long.</summary>
    public static TimeSpan OrInfinite(TimeSpan duration) => duration <= Longest ? duration : Timeout.InfiniteTimeSpan;
}
