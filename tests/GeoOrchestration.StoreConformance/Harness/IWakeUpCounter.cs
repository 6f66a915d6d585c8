namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// Counts the wake-ups that clients of a store asked for (<see cref="Store.IGeoStoreTransaction.WorkersWakeAsync"/>
/// and any a store sends on its own), and nothing else: not a poll that notices a commit.
/// </summary>
public interface IWakeUpCounter : IAsyncDisposable
{
    /// <summary>The wake-ups asked for by every transaction committed before this call, all delivered by the time it returns.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
