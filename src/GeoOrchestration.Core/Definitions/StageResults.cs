using System.Collections;

namespace GeoOrchestration.Definitions;

/// <summary>The results of one completed stage, in the order its tasks were planned.</summary>
public sealed class StageResults(int stage, IReadOnlyList<StageResult> results) : IReadOnlyList<StageResult>
{
    /// <summary>What a first stage sees: nothing came before it.</summary>
    public static StageResults None { get; } = new(0, []);

    /// <summary>The stage these results came from (0 for <see cref="None"/>).</summary>
    public int Stage { get; } = stage;

    /// <summary>
    /// A stage's size without its results: what a job type that keeps the default summary is
    /// handed, so finishing a million-task job does not read a million results into memory.
    /// </summary>
    internal static StageResults CountOnly(int stage, int count) => new(stage, new UnreadResults(stage, count));

    public StageResult this[int index] => results[index];
    public int Count => results.Count;
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
