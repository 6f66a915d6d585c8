using GeoOrchestration.Store;

namespace GeoOrchestration.Transport;

/// <summary>
/// The default transport: workers claim straight from the store (<see cref="IGeoStore.WorkClaimAsync"/>)
/// and are woken by its notifications (<see cref="IGeoStoreWakeUps"/>), else by their fallback poll.
/// </summary>
/// <param name="store">The store to claim from; not owned (disposing the transport leaves it open).</param>
public sealed class DatabaseTransport(IGeoStore store) : IWorkTransport
{
    /// <inheritdoc />
    public string Description => store is IGeoStoreWakeUps wakeUps ? wakeUps.WakeUpTransport : "poll";

    /// <inheritdoc />
    public async Task<IAsyncDisposable> ListenAsync(WorkListenParams parameters, CancellationToken cancellationToken) =>
        store is IGeoStoreWakeUps wakeUps ? await wakeUps.WorkListenAsync(parameters, cancellationToken) : NoListener.Instance;

    /// <inheritdoc />
    public Task<WorkClaimOutcome> ClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken) =>
        store.WorkClaimAsync(parameters, cancellationToken);

    /// <inheritdoc />
    public Task SweepAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The listener of a store without wake-ups: nothing to stop.</summary>
file sealed class NoListener : IAsyncDisposable
{
    public static readonly NoListener Instance = new();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
