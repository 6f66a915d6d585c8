using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>The audit trail: a job's events, written by the steps that do what they record (in their transactions).</summary>
public partial interface IGeoStore
{
    /// <summary>
    /// A job's audit events in the store's order (<see cref="JobEvent.Position"/>: the order they were
    /// written, up to transactions that ran side by side), optionally of some kinds and/or one stage,
    /// after a cursor and up to a limit: one index seek into the job's events per call, so a reader
    /// paging "after the last one" pays for the new events only. A follower reads with
    /// <see cref="JobEventFollowAsync"/>: an event that commits after a newer one was read sorts before it.
    /// </summary>
    /// <returns>The events, oldest first; empty for an unknown job.</returns>
    Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// A follower's read: the job's events (of <paramref name="parameters"/>' kinds and stage, at most its
    /// <see cref="JobEventListParams.Limit"/>) committed since <paramref name="cursor"/> (null: all of them),
    /// each once over successive calls, however transactions writing them interleave and however long any
    /// other transaction runs: an event committed late comes in a later batch, out of id order, never lost.
    /// <see cref="JobEventListParams.After"/> is not used (the cursor holds the place).
    /// </summary>
    /// <remarks>
    /// This default suits a store whose event ids are commit order (SQLite: one writer at a time): it
    /// reads after the cursor's last event. PostgreSQL overrides it with snapshots (sql/postgres/queries/events.sql).
    /// </remarks>
    /// <returns>The events and the cursor to pass next; <see cref="JobEventBatch.More"/> when the limit cut the batch.</returns>
    async Task<JobEventBatch> JobEventFollowAsync(JobEventListParams parameters, JobEventCursor? cursor, CancellationToken cancellationToken)
    {
        var events = await JobEventListAsync(parameters with { After = cursor?.After }, cancellationToken);
        var next = new JobEventCursor(events.Count > 0 ? events[^1].Position : cursor?.After);
        return new JobEventBatch(events, next, parameters.Limit is { } limit && events.Count >= limit);
    }
}
