using GeoOrchestration.Store;

namespace GeoOrchestration.Transport;

/// <summary>
/// How work reaches a worker. The database transport (<see cref="DatabaseTransport"/>, the default)
/// claims from the store and is woken by the store's notifications; a message transport (Azure
/// Service Bus) wakes workers with messages and claims what a message names in the store. Either
/// way the database decides: a transport carries wake-ups and names attempts, it holds no state of
/// its own, and losing or duplicating a message costs time, never correctness.
/// </summary>
public interface IWorkTransport : IAsyncDisposable
{
    /// <summary>How work travels, for a worker's start line (e.g. <c>PostgreSQL LISTEN/NOTIFY</c>).</summary>
    string Description { get; }

    /// <summary>
    /// Starts delivering wake-ups: <see cref="WorkListenParams.OnWork"/> is called whenever a claim may
    /// find work. Called once by a worker before its first claim.
    /// </summary>
    /// <returns>Disposing it stops listening.</returns>
    Task<IAsyncDisposable> ListenAsync(WorkListenParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <see cref="WorkClaimParams.Limit"/> items under a lease, without waiting for work
    /// to arrive (a worker waits for a wake-up between claims).
    /// </summary>
    /// <returns>The items claimed (possibly none), and until when the next delayed item falls due if the transport can tell.</returns>
    Task<WorkClaimOutcome> ClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken);

    /// <summary>
    /// The janitor's turn for the transport: a message transport re-sends ready work that was not
    /// dispatched (a relay that crashed, a transport that was down). The database transport has nothing to do.
    /// </summary>
    Task SweepAsync(CancellationToken cancellationToken);
}
