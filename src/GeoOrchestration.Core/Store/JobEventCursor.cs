using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>
/// A follower's place in a job's events, as <see cref="IGeoStore.JobEventFollowAsync"/> handed it back
/// with its last batch: pass it to the next call to read what was committed since, each event once.
/// Its parts are the store's; a caller only keeps it and passes it back.
/// </summary>
/// <param name="After">
/// The last event returned in the read under way, in the store's order (<see cref="JobEvent.Position"/>);
/// null before the first. A store whose event ids are commit order (SQLite, the default) needs nothing else.
/// </param>
/// <param name="Seen">
/// Where events commit in any order (PostgreSQL): the snapshot (pg_snapshot text) of the last read
/// whose events have all been returned: every event visible in it has been, none of the others.
/// Null: nothing read yet.
/// </param>
/// <param name="Reading">
/// PostgreSQL: the snapshot of the read under way while its events take more than one batch (the batch
/// limit), so that its later batches return the same set; null when no read is under way.
/// </param>
public sealed record JobEventCursor(JobEventPosition? After, string? Seen = null, string? Reading = null);

/// <summary>What <see cref="IGeoStore.JobEventFollowAsync"/> read: the events, where to read on, whether more are ready.</summary>
/// <param name="Events">The events committed since the cursor, each once; in the store's order within the batch.</param>
/// <param name="Next">The cursor to pass to the next call.</param>
/// <param name="More">True when the batch stopped at its limit: more events are there already, read again at once.</param>
public sealed record JobEventBatch(IReadOnlyList<JobEvent> Events, JobEventCursor Next, bool More);
