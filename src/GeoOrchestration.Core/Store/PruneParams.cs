using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>Which ended jobs a prune removes: those of <paramref name="Status"/> that ended at least <paramref name="OlderThan"/> ago.</summary>
/// <param name="Status">A terminal status.</param>
/// <param name="OlderThan">How long ago the job must have ended, by the store's clock; 0 or more (0: every such job).</param>
public sealed record PruneRule(JobStatus Status, TimeSpan OlderThan);

/// <summary>What <see cref="IGeoStore.PruneCountAsync"/> counts: the jobs matching any rule (each status at most once).</summary>
/// <param name="Rules">The rules; none counts only the removals already begun.</param>
public sealed record PruneCountParams(IReadOnlyList<PruneRule> Rules);

/// <summary>One prune batch (<see cref="IGeoStore.PruneBatchAsync"/>).</summary>
/// <param name="Rules">The rules; none only finishes the removals already begun.</param>
/// <param name="MaxRows">About how many rows the batch deletes at most (tasks, events, then the job's own rows), 1 or more.</param>
public sealed record PruneBatchParams(IReadOnlyList<PruneRule> Rules, int MaxRows);

/// <summary>How many jobs and tasks a prune would remove.</summary>
/// <param name="Jobs">Jobs.</param>
/// <param name="Tasks">Their tasks (of the jobs whose removal began, those planned, some of which may be gone already).</param>
public sealed record PruneCount(long Jobs, long Tasks);

/// <summary>Whether a prune batch found more to do.</summary>
public enum PruneBatchStatus
{
    /// <summary>Nothing (more) matches: the prune is done.</summary>
    Done,
    /// <summary>The batch used its row budget; another batch continues.</summary>
    More,
    /// <summary>Another pruner's batch held the prune lock: nothing was done.</summary>
    HeldElsewhere,
}

/// <summary>What one prune batch did.</summary>
/// <param name="Status">Done, more to do, or another pruner held the lock.</param>
/// <param name="JobsRemoved">Jobs whose removal the batch finished (their rows gone).</param>
/// <param name="TasksRemoved">Task rows deleted.</param>
/// <param name="EventsRemoved">Event rows deleted one by one (those deleted with the job row by cascade are not counted).</param>
/// <param name="JobsSkipped">Matching jobs the batch passed over because a handler still runs one of their tasks.</param>
public sealed record PruneBatchResult(PruneBatchStatus Status, int JobsRemoved, int TasksRemoved, int EventsRemoved, int JobsSkipped = 0);
