using System.Collections.Concurrent;
using System.Reflection;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// A real store seen through a pass-through that notes how a stage's results were read: each page
/// read (<see cref="IGeoStore.StageResultsPageAsync"/>) with its limit and size, and each whole read
/// (<see cref="IGeoStore.StageResultsAsync"/>). Everything else, the wake-up capability included, goes
/// to the store as is; disposing the view leaves the store to its owner.
/// </summary>
public class StageReadCounter : DispatchProxy
{
    private IGeoStore? _inner;
    private readonly ConcurrentQueue<(int Stage, int Limit, int Count)> _pages = new();
    private readonly ConcurrentQueue<int> _whole = new();

    /// <summary>Both contracts at once, so that a store with wake-ups keeps them behind the counter.</summary>
    public interface IWakingStore : IGeoStore, IGeoStoreWakeUps;

    /// <summary>The store to give a worker, and the counter that watches it.</summary>
    public static (IGeoStore Store, StageReadCounter Reads) Over(IGeoStore inner)
    {
        var proxy = inner is IGeoStoreWakeUps ? Create<IWakingStore, StageReadCounter>() : Create<IGeoStore, StageReadCounter>();
        var counter = (StageReadCounter)(object)proxy;
        counter._inner = inner;
        return (proxy, counter);
    }

    /// <summary>The pages read of <paramref name="stage"/>: the limit asked for and the results returned, in the order read.</summary>
    public IReadOnlyList<(int Limit, int Count)> PagesOf(int stage) => _pages.Where(p => p.Stage == stage).Select(p => (p.Limit, p.Count)).ToList();

    /// <summary>How many times <paramref name="stage"/> was read whole.</summary>
    public int WholeReadsOf(int stage) => _whole.Count(s => s == stage);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IAsyncDisposable.DisposeAsync)) return ValueTask.CompletedTask;
        var result = targetMethod.Invoke(_inner, args);
        switch (targetMethod.Name)
        {
            case nameof(IGeoStore.StageResultsAsync):
                _whole.Enqueue(((StageRef)args![0]!).Stage);
                return result;
            case nameof(IGeoStore.StageResultsPageAsync):
                return NoteAsync((StageResultsPageParams)args![0]!, (Task<StageResultsPage>)result!);
            default:
                return result;
        }
    }

    private async Task<StageResultsPage> NoteAsync(StageResultsPageParams parameters, Task<StageResultsPage> read)
    {
        var page = await read;
        _pages.Enqueue((parameters.Stage, parameters.Limit, page.Results.Count));
        return page;
    }
}
