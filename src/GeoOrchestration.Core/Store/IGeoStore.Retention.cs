namespace GeoOrchestration.Store;

/// <summary>
/// Retention: the policy of how long ended jobs are kept (per terminal status), and removing the ones
/// older than that in small transactions. A job is removed with its stages, tasks, events and work
/// items; a live job never is, nor an ended one whose task a handler still runs.
/// </summary>
/// <remarks>
/// A job too large for one small transaction is removed over several: the first marks it as being
/// removed (compare-and-set on its having ended, no handler running), from then on a retry refuses it
/// (<see cref="JobChangeStatus.WrongStatus"/>) and it reads as it ended, with fewer tasks each batch,
/// until its row goes last. Any later batch, of any filter, finishes a removal begun before it takes a
/// new job. Age is measured from when the job ended, by the store's clock.
/// </remarks>
public partial interface IGeoStore
{
    /// <summary>The stored retention policy: one setting per terminal status, in the order completed, completed_with_errors, failed, cancelled.</summary>
    /// <returns>The four settings.</returns>
    Task<RetentionPolicy> RetentionGetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes the settings given, leaving the others as they are, in one transaction.
    /// </summary>
    /// <returns>The policy as it is after the change.</returns>
    /// <exception cref="Errors.GeoValidationException">A status that is not terminal, a status given twice, or a negative duration (field: the status's name); nothing is written.</exception>
    Task<RetentionPolicy> RetentionSetAsync(RetentionSetParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// How many jobs (and their tasks) a prune with these rules would remove now: the ended jobs matching
    /// a rule, plus the jobs whose removal began (which any prune finishes). Tasks are counted from the
    /// stages' task counts (no scan of the tasks).
    /// </summary>
    /// <returns>The jobs and tasks that would go.</returns>
    /// <exception cref="Errors.GeoValidationException">A rule of a status that is not terminal, or a negative age.</exception>
    Task<PruneCount> PruneCountAsync(PruneCountParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// One prune batch in one short write transaction of at most about <see cref="PruneBatchParams.MaxRows"/>
    /// deleted rows: finishes the removal begun, else marks the next matching job (oldest first) and removes
    /// what of it fits. The batch takes the store's prune lock (PostgreSQL: a transaction advisory lock;
    /// SQLite: its one writer) and reports <see cref="PruneBatchStatus.HeldElsewhere"/>, doing nothing, when
    /// another pruner's batch holds it.
    /// </summary>
    /// <returns>What the batch removed and whether more remains.</returns>
    /// <exception cref="Errors.GeoValidationException">A rule of a status that is not terminal, a negative age, or <see cref="PruneBatchParams.MaxRows"/> below 1.</exception>
    Task<PruneBatchResult> PruneBatchAsync(PruneBatchParams parameters, CancellationToken cancellationToken);
}
