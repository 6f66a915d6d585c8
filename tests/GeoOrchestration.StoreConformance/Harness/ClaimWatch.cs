using System.Reflection;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// A real store seen through a pass-through that notes when a claim comes back empty: a test that
/// needs a worker idle (it found nothing and waits for a wake-up or its poll) waits for that instead
/// of sleeping and hoping. Everything else, the wake-up capability included, goes to the store as is;
/// disposing the view leaves the store to its owner.
/// </summary>
public class ClaimWatch : DispatchProxy
{
    private IGeoStore? _inner;
    private TaskCompletionSource _emptyClaim = null!;

    /// <summary>Both contracts at once, so that a store with wake-ups keeps them behind the watch.</summary>
    public interface IWakingStore : IGeoStore, IGeoStoreWakeUps;

    /// <summary>The store to give the worker, and a task that completes at the first claim that found nothing.</summary>
    public static (IGeoStore Store, Task Idle) Over(IGeoStore inner)
    {
        var proxy = inner is IGeoStoreWakeUps ? Create<IWakingStore, ClaimWatch>() : Create<IGeoStore, ClaimWatch>();
        var watch = (ClaimWatch)(object)proxy;
        watch._inner = inner;
        watch._emptyClaim = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (proxy, watch._emptyClaim.Task);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IAsyncDisposable.DisposeAsync)) return ValueTask.CompletedTask;
        var result = targetMethod.Invoke(_inner, args);
        return targetMethod.Name == nameof(IGeoStore.WorkClaimAsync) ? NoteAsync((Task<WorkClaimOutcome>)result!) : result;
    }

    private async Task<WorkClaimOutcome> NoteAsync(Task<WorkClaimOutcome> claim)
    {
        var outcome = await claim;
        if (outcome.Count == 0) _emptyClaim.TrySetResult();
        return outcome;
    }
}
