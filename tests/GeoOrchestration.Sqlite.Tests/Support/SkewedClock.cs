namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>
/// The system clock shifted by an offset: a worker whose clock is off the store's. Timers and
/// elapsed time run as usual; only the wall-clock reading is wrong, as on such a machine.
/// </summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
