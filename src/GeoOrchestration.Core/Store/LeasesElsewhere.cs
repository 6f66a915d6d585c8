namespace GeoOrchestration.Store;

/// <summary>
/// Work other workers hold leases on, as an idle worker sees it: tasks they run (or ran, until a
/// janitor takes back a lease that expired) and control items (plan, finalize) whose lease still
/// runs. All of it may come back as claimable work: a holder that died leaves it to expire.
/// </summary>
/// <param name="Tasks">Processing tasks leased by other workers, expired leases included.</param>
/// <param name="ControlItems">Plan and finalize items under another worker's unexpired lease.</param>
/// <param name="Jobs">How many jobs that work belongs to.</param>
/// <param name="JobId">One of those jobs (the smallest id), for a message; null when there is none.</param>
/// <param name="LastExpiresIn">
/// Until the last of those leases expires, by the store's clock; zero or negative when all have
/// expired (tasks then wait for a janitor to take them back). Null when there is none.
/// </param>
public sealed record LeasesElsewhere(int Tasks, int ControlItems, int Jobs, string? JobId, TimeSpan? LastExpiresIn)
{
    /// <summary>Nothing is held elsewhere.</summary>
    public static readonly LeasesElsewhere None = new(0, 0, 0, null, null);

    /// <summary>Whether any work is held by another worker.</summary>
    public bool Any => Tasks + ControlItems > 0;
}
