using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell;

/// <summary>A retention setting as <c>Set-GeoRetention</c> takes it: a duration, or forever (<see cref="KeepFor"/> null).</summary>
/// <param name="KeepFor">How long ended jobs are kept after they ended; null: forever.</param>
public sealed record GeoRetentionPeriod(TimeSpan? KeepFor)
{
    public override string ToString() => RetentionDuration.Format(KeepFor);
}
