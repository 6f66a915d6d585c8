using System.Collections;

namespace GeoOrchestration.Store;

/// <summary>
/// The items a claim took (it is the list of them), and how long until the next task scheduled
/// for later, such as a retry, falls due: measured by the store's clock at the very moment of the
/// claim, so a task is either among the items, or counted in <see cref="NextDue"/>, or claimable by
/// nobody yet only because another claimer holds it.
/// </summary>
/// <param name="items">The items claimed, control work first.</param>
/// <param name="nextDue">Until the next queued task falls due; null when none waits.</param>
public sealed class WorkClaimOutcome(IReadOnlyList<WorkItem> items, TimeSpan? nextDue) : IReadOnlyList<WorkItem>
{
    /// <summary>Until the next queued task becomes claimable; null when none waits for a later time.</summary>
    public TimeSpan? NextDue { get; } = nextDue;

    /// <summary>How many items were claimed.</summary>
    public int Count => items.Count;

    /// <summary>A claimed item.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public WorkItem this[int index] => items[index];

    /// <summary>The claimed items, control work first.</summary>
    /// <returns>An enumerator over them.</returns>
    public IEnumerator<WorkItem> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
