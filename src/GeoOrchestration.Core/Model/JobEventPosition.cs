namespace GeoOrchestration.Model;

/// <summary>
/// Where an event stands in its store's order of a job's events: by the writing transaction, then by
/// event id. A page of a plain listing reads "after" the last position it got. On SQLite, whose writers
/// commit one at a time, <see cref="Transaction"/> is 0 and the event id alone is the order; on
/// PostgreSQL it is the writing transaction's id (xid8). A follower does not page by position on
/// PostgreSQL: it reads what became visible since its last snapshot (<see cref="Store.JobEventCursor"/>),
/// so an event that commits after a newer one is delivered in the next poll, after it.
/// </summary>
/// <param name="Transaction">The writing transaction's id where the store orders by it; 0 elsewhere (and for events written before migration 0022).</param>
/// <param name="EventId">The event's id, unique in its store.</param>
public readonly record struct JobEventPosition(long Transaction, long EventId) : IComparable<JobEventPosition>
{
    /// <inheritdoc/>
    public int CompareTo(JobEventPosition other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : EventId.CompareTo(other.EventId);
}
