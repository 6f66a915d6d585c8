using System.Globalization;

namespace GeoOrchestration.Model;

/// <summary>
/// Durations as people write them: "2 s", "1 h 30 min", "1.5 s", "250 ms". The one form every
/// message uses that states a configured limit (job and task timeouts, leases, option values), so
/// an error reads the same whichever store, worker or front end wrote it.
/// </summary>
public static class DurationText
{
    /// <summary>
    /// Formats <paramref name="duration"/> with units d, h, min, s (to the millisecond) and, below one
    /// second, ms (to the microsecond); zero parts are left out, and zero is "0 s".
    /// </summary>
    /// <param name="duration">Any duration; a negative one is written with a minus sign.</param>
    /// <returns>The text, e.g. <c>1 h 30 min</c>.</returns>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            return "-" + Format(duration == TimeSpan.MinValue ? TimeSpan.MaxValue : duration.Negate());
        var micro = Round(duration.Ticks, TimeSpan.TicksPerMillisecond / 1000);
        if (micro == 0) return "0 s";
        if (micro < TimeSpan.TicksPerSecond) return $"{Number(micro / (double)TimeSpan.TicksPerMillisecond)} ms";
        var rounded = TimeSpan.FromTicks(Round(duration.Ticks, TimeSpan.TicksPerMillisecond));
        var parts = new List<string>(4);
        if (rounded.Days > 0) parts.Add($"{rounded.Days.ToString(CultureInfo.InvariantCulture)} d");
        if (rounded.Hours > 0) parts.Add($"{rounded.Hours.ToString(CultureInfo.InvariantCulture)} h");
        if (rounded.Minutes > 0) parts.Add($"{rounded.Minutes.ToString(CultureInfo.InvariantCulture)} min");
        var seconds = rounded.Ticks % TimeSpan.TicksPerMinute;
        if (seconds > 0) parts.Add($"{Number(seconds / (double)TimeSpan.TicksPerSecond)} s");
        return string.Join(' ', parts);
    }

    /// <summary>Rounds half up to a whole <paramref name="unit"/>, leaving values too close to the maximum to round up as they are.</summary>
    private static long Round(long ticks, long unit)
    {
        var rest = ticks % unit;
        return rest * 2 >= unit && ticks <= long.MaxValue - unit ? ticks - rest + unit : ticks - rest;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
