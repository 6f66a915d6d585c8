namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>How a store keeps two janitor rounds from working on the same rows at once.</summary>
public enum JanitorExclusion
{
    /// <summary>
    /// A round that finds another running skips and reports null (PostgreSQL: a non-blocking
    /// advisory lock, so a busy janitor never holds up a worker).
    /// </summary>
    SkipWhileBusy,

    /// <summary>Rounds take turns, each running to its end; a round never reports null (SQLite: one writer at a time).</summary>
    TakeTurns,
}
