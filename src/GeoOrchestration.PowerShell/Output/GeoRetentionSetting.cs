using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell;

/// <summary>How long ended jobs of one status are kept after they ended, as <c>Get-GeoRetention</c> shows it.</summary>
public sealed class GeoRetentionSetting
{
    /// <summary>The ended status: completed, completed_with_errors, failed or cancelled.</summary>
    public string Status { get; init; } = "";

    /// <summary>How long after it ended such a job is kept; null when kept forever (<see cref="Forever"/>).</summary>
    public TimeSpan? KeepFor { get; init; }

    /// <summary>True when such jobs are never removed.</summary>
    public bool Forever => KeepFor is null;

    /// <summary>When the setting was last changed (local time, by the store's clock).</summary>
    public DateTime Updated { get; init; }

    internal static GeoRetentionSetting From(RetentionSetting setting) => new()
    {
        Status = StatusNames.ToName(setting.Status),
        KeepFor = setting.KeepFor,
        Updated = LocalTime.Of(setting.Updated),
    };

    /// <returns>"failed: 30 d", as geoorch retention get prints it.</returns>
    public override string ToString() => $"{Status}: {RetentionDuration.Format(KeepFor)}";
}
