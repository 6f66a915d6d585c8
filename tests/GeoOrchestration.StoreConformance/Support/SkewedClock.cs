namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// The system clock shifted by an offset: a worker on a machine whose clock is off the database's.
/// Timers and elapsed time run as usual; only the wall-clock reading is wrong, as on such a machine.
/// </summary>
public sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
