using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>The audit trail: a job's events, written by the steps that do what they record (in their transactions).</summary>
public partial interface IGeoStore
{
    /// <summary>
    /// A job's audit events in the store's order (<see cref="JobEvent.Position"/>: the order they were
    /// written, up to transactions that ran side by side), optionally of some kinds and/or one stage,
    /// after a cursor and up to a limit: one index seek into the job's events per call, so a follower
    /// polling "after the last one" pays for the new events only.
    /// </summary>
    /// <returns>The events, oldest first; empty for an unknown job.</returns>
    Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken);
}
