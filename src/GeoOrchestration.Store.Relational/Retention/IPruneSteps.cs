using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational.Retention;

/// <summary>
/// The statements of one prune batch, each bounded, run by <see cref="PruneBatch"/> inside one of the
/// store's write transactions: the store gives the SQL, the batch decides the order (one algorithm for
/// every relational store).
/// </summary>
public interface IPruneSteps
{
    /// <summary>The job whose removal began longest ago, or null.</summary>
    Task<string?> RemovingNextAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> ended jobs matching <paramref name="rule"/>, not being removed, oldest first.</summary>
    Task<IReadOnlyList<string>> CandidatesAsync(PruneRule rule, int limit, CancellationToken cancellationToken);

    /// <summary>Marks the job as being removed; compare-and-set on its status, not being removed, and no processing task.</summary>
    /// <returns>Whether it was marked.</returns>
    Task<bool> MarkAsync(string jobId, JobStatus status, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="limit"/> of the job's tasks.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> TasksDeleteAsync(string jobId, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="limit"/> of the job's events.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> EventsDeleteAsync(string jobId, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the row of a job being removed, its stages and work items by cascade.</summary>
    /// <returns>Whether it was deleted (false: gone already).</returns>
    Task<bool> JobDeleteAsync(string jobId, CancellationToken cancellationToken);
}
