using System.Reflection;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// A store that reports every stage's remaining counter off by some tasks and passes everything else
/// through: what a store whose counters drifted from its tasks would answer. It lets the suite show
/// that <see cref="LeftBehindCheck"/> notices.
/// </summary>
internal class SkewedStageCounters : DispatchProxy
{
    private IGeoStore? _inner;
    private int _by;

    /// <param name="by">Added to every stage's remaining counter (negative: too low).</param>
    public static IGeoStore Over(IGeoStore inner, int by = 1)
    {
        var proxy = Create<IGeoStore, SkewedStageCounters>();
        ((SkewedStageCounters)(object)proxy)._inner = inner;
        ((SkewedStageCounters)(object)proxy)._by = by;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = targetMethod!.Invoke(_inner, args);
        return targetMethod.Name == nameof(IGeoStore.StageListAsync) ? SkewAsync((Task<IReadOnlyList<StageRecord>>)result!) : result;
    }

    private async Task<IReadOnlyList<StageRecord>> SkewAsync(Task<IReadOnlyList<StageRecord>> stages) =>
        (await stages).Select(s => s with { Remaining = s.Remaining + _by }).ToList();
}
