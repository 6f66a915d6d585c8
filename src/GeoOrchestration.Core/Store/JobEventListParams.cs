using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>Which of a job's audit events <see cref="IGeoStore.JobEventListAsync"/> (and a follower's <see cref="IGeoStore.JobEventFollowAsync"/>) reads.</summary>
/// <param name="JobId">The job (its whole id).</param>
/// <param name="Kind">Only events of this kind; null for all (see <see cref="Kinds"/>).</param>
/// <param name="Stage">Only events of this stage; null for all (job-level events included).</param>
public sealed record JobEventListParams(string JobId, JobEventKind? Kind = null, int? Stage = null)
{
    /// <summary>Only events of these kinds (with <see cref="Kind"/>, of either); null or empty for all.</summary>
    public IReadOnlyList<JobEventKind>? Kinds { get; init; }

    /// <summary>Only events after this one in the store's order (exclusive): a page cursor, read by an index seek. Null: from the first.</summary>
    public JobEventPosition? After { get; init; }

    /// <summary>At most this many events (1 or more); null for all of them.</summary>
    public int? Limit { get; init; }

    /// <summary>The kinds to keep, from <see cref="Kind"/> and <see cref="Kinds"/>; null for all.</summary>
    /// <returns>Their stored names, distinct; null when no kind is asked for.</returns>
    public IReadOnlyList<string>? KindNames()
    {
        var kinds = (Kinds ?? []).Concat(Kind is { } kind ? [kind] : []).Distinct().Select(JobEventKinds.ToName).ToList();
        return kinds.Count == 0 ? null : kinds;
    }
}
