namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>Durations given in seconds, as every GeoOrchestration front end takes them.</summary>
internal static class Seconds
{
    /// <summary>The duration, or null; a value a TimeSpan cannot hold is left for the engine's range check to name.</summary>
    public static TimeSpan? From(double? seconds) =>
        seconds is not { } s ? null
        : double.IsFinite(s) && Math.Abs(s) < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(s)
        : TimeSpan.MaxValue;
}
