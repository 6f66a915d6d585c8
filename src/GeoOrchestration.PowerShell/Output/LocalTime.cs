namespace GeoOrchestration.PowerShell.Output;

/// <summary>Store times as PowerShell shows times (Get-Date, Get-Process): local <see cref="DateTime"/>s.</summary>
internal static class LocalTime
{
    public static DateTime Of(DateTimeOffset time) => time.LocalDateTime;

    public static DateTime? Of(DateTimeOffset? time) => time?.LocalDateTime;
}
