using System.Collections;

namespace GeoOrchestration.Definitions;

/// <summary>The results of one completed stage, in the order its tasks were planned.</summary>
/// <remarks>
/// The list holds the completed tasks' results. A stage that tolerates failures
/// (<see cref="StageTolerance"/>) may also have tasks that failed for good: they are in
/// <see cref="Failures"/>, not in the list. A fan-out stage's planner gets them as a stream, read from
/// the store a page at a time as it enumerates them, with <see cref="Count"/> and <see cref="Failures"/>
/// known up front: enumerate it (once, or again: each enumeration reads the store again), do not index it.
/// </remarks>
public sealed class StageResults(int stage, IReadOnlyList<StageResult> results) : IReadOnlyList<StageResult>
{
    /// <summary>A stage's results and the failures it tolerated, each in plan order.</summary>
    public StageResults(int stage, IReadOnlyList<StageResult> results, IReadOnlyList<StageFailure> failures) : this(stage, results) =>
        Failures = failures;

    /// <summary>What a first stage sees: nothing came before it.</summary>
    public static StageResults None { get; } = new(0, []);

    /// <summary>The stage these results came from (0 for <see cref="None"/>).</summary>
    public int Stage { get; } = stage;

    /// <summary>The stage's tasks that failed for good within its tolerance (empty when none did, or it tolerates none).</summary>
    public IReadOnlyList<StageFailure> Failures { get; } = [];

    /// <summary>
    /// A stage's size without its results: what a job type that keeps the default summary is
    /// handed, so finishing a million-task job does not read a million results into memory.
    /// </summary>
    internal static StageResults CountOnly(int stage, int count) => new(stage, new UnreadResults(stage, count));

    /// <summary>The result at a position in plan order.</summary>
    /// <remarks>
    /// A fan-out stage's planner gets the previous stage's results as a stream read from the store page
    /// by page while it enumerates them: there only the first page (the first 100 results, or all of a
    /// smaller stage) can be indexed, and a planner must enumerate (foreach, Select) to reach the rest.
    /// </remarks>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="Errors.ContractViolationException">The results were not read (the job type keeps the default summary, which gets counts only),
    /// or they are a fan-out planner's stream and <paramref name="index"/> is past its first page.</exception>
    public StageResult this[int index] => results[index];
    /// <summary>How many tasks of the stage completed (tolerated failures are in <see cref="Failures"/>, not counted here).</summary>
    public int Count => results.Count;
    /// <summary>The results in plan order (for a fan-out planner, read from the store a page at a time as they are enumerated).</summary>
    /// <returns>An enumerator over the results.</returns>
    /// <exception cref="Errors.ContractViolationException">The results were not read (the default summary gets counts only).</exception>
    public IEnumerator<StageResult> GetEnumerator() => results.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Stands for results that were not read: it knows their number, and refuses to be read.</summary>
internal sealed class UnreadResults(int stage, int count) : IReadOnlyList<StageResult>
{
    public int Count => count;
    public StageResult this[int index] => throw Unread();
    public IEnumerator<StageResult> GetEnumerator() => throw Unread();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Errors.ContractViolationException Unread() =>
        new($"The results of stage {stage} were not read: the engine reads them only for job types that override Finalize.");
}
