namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>How an idle worker (<see cref="Store.IGeoStoreWakeUps.WorkListenAsync"/>) hears of work another client of the store committed.</summary>
public enum WakeUpMechanism
{
    /// <summary>The database pushes a notification at commit to every listening client (PostgreSQL LISTEN/NOTIFY).</summary>
    Push,

    /// <summary>
    /// The store has no notifications and watches for other clients' commits itself, within a short
    /// interval of its own (SQLite: a listener polling <c>PRAGMA data_version</c>, plus an in-process
    /// signal for clients of the same file in one process).
    /// </summary>
    Watch,

    /// <summary>Nothing wakes an idle worker: it finds new work at its own poll interval.</summary>
    PollOnly,
}
