namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>A clock that moves only when told: lease expiry and timeouts without waiting.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan span) => Now += span;
}
