namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// Where stores legitimately differ. Nothing here lets a store skip a test: a test that depends on
/// one of these asks which mechanism the store has and asserts that mechanism. Everything else is
/// asserted alike for every store; in particular the concurrent tests (eight submitters, eight
/// completers, concurrent batches) assert outcomes, not interleavings, so they hold whether writers
/// run side by side (PostgreSQL's row locks) or take turns (SQLite's one writer at a time).
/// </summary>
public sealed record StoreCapabilities
{
    /// <summary>How an idle worker hears of work another client committed.</summary>
    public required WakeUpMechanism WakeUps { get; init; }

    /// <summary>What a janitor round does while another client's round runs.</summary>
    public required JanitorExclusion Janitor { get; init; }
}
