using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Resilience;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>
/// One queue's receive loop: while the worker has room, a peek-lock receive of at most that many
/// messages (a short long-poll, so a half-open circuit's trial call ends soon), through the resilience
/// pipeline; what arrives is held in the buffer and the worker is woken. While the circuit is open it
/// only waits; a failure it cannot retry is logged once per outage, never thrown (the worker claims
/// from the database meanwhile).
/// </summary>
internal sealed class QueueReceiver(ServiceBusReceiver receiver, WorkQueue queue, ReceivedBuffer buffer, QueueActivity activity,
    ServiceBusResilience resilience, ServiceBusPlace place, Action onWork, TimeProvider time, ILogger logger)
{
    /// <summary>How long one receive waits for a message before it returns empty and the loop asks again.</summary>
    internal static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(5);

    /// <summary>How often a receiver looks again while the circuit is open.</summary>
    internal static readonly TimeSpan OpenPause = TimeSpan.FromSeconds(1);

    /// <summary>Receives until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var room = await buffer.WaitForRoomAsync(cancellationToken);
                var received = await resilience.Pipeline.ExecuteAsync(
                    async ct => await receiver.ReceiveMessagesAsync(room, ReceiveWait, ct), cancellationToken);
                if (failing)
                {
                    failing = false;
                    logger.LogInformation("Receiving from Service Bus queue '{Queue}' works again", receiver.EntityPath);
                }
                activity.Received(received.Count);
                if (received.Count == 0) continue;
                buffer.Add(received.Select(m => new ReceivedMessage(m, receiver, queue)));
                onWork();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (BrokenCircuitException)
            {
                // Open: wait; once the break is over the breaker lets one call through, and this loop makes it.
                await PauseAsync(cancellationToken);
            }
            catch (Exception e)
            {
                if (!failing)
                {
                    failing = true;
                    var error = ServiceBusErrorMap.ToGeoException(e, place, receiver.EntityPath);
                    logger.LogWarning(error is null ? e : null, "Receiving from Service Bus failed; workers claim from the database until it answers: {Reason}", error?.Message ?? e.Message);
                }
                else logger.LogDebug(e, "Receiving from Service Bus failed again");
                await PauseAsync(cancellationToken);
            }
        }
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(OpenPause, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
