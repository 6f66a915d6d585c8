namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// The system clock shifted by an offset: a worker on a machine whose clock is off the database's.
/// Timers and elapsed time run as usual; only the wall-clock reading is wrong, as on such a machine.
/// </summary>
/// <remarks>
/// Not a FakeTimeProvider: a worker on this clock must run for real (its polls, leases, backoff
/// and shutdown grace wait on the provider's timers and delays), and FakeTimeProvider's timers fire
/// only when a test advances it, while its reading stands still between advances. What this clock
/// pins is an offset from real time, which FakeTimeProvider cannot express.
/// </remarks>
public sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
