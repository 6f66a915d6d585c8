using System.Collections;

namespace GeoOrchestration.Store;

/// <summary>
/// The items a claim took (it is the list of them), and how long until the next task scheduled
/// for later, such as a retry, falls due: measured by the store's clock at the very moment of the
/// claim, so a task is either among the items, or counted in <see cref="NextDue"/>, or claimable by
/// nobody yet only because another claimer holds it.
/// </summary>
public sealed class WorkClaimOutcome(IReadOnlyList<WorkItem> items, TimeSpan? nextDue) : IReadOnlyList<WorkItem>
{
    /// <summary>Until the next queued task becomes claimable; null when none waits for a later time.</summary>
    public TimeSpan? NextDue { get; } = nextDue;

    public int Count => items.Count;

    public WorkItem this[int index] => items[index];

    public IEnumerator<WorkItem> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
