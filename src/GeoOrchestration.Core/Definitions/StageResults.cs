using System.Collections;

namespace GeoOrchestration.Definitions;

/// <summary>The results of one completed stage, in the order its tasks were planned.</summary>
public sealed class StageResults(int stage, IReadOnlyList<StageResult> results) : IReadOnlyList<StageResult>
{
    /// <summary>What a first stage sees: nothing came before it.</summary>
    public static StageResults None { get; } = new(0, []);

    /// <summary>The stage these results came from (0 for <see cref="None"/>).</summary>
    public int Stage { get; } = stage;

    public StageResult this[int index] => results[index];
    public int Count => results.Count;
    public IEnumerator<StageResult> GetEnumerator() => results.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
