using Azure.Messaging.ServiceBus;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>
/// A claim of what received messages name: decode them, claim exactly those attempts that are still
/// current in the database (a compare-and-set on the turn), then complete every message at once, claimed
/// or not (an attempt that is no longer current needs no message). The database lease governs the work
/// from then on, so a lock that runs out later is harmless. A database failure abandons the messages:
/// they come back, to this worker or another. A message that names no attempt is dead-lettered, where
/// someone can read it.
/// </summary>
internal sealed class NamedClaim(IGeoStoreOutbox outbox, ILogger logger)
{
    /// <summary>The reason a message that is not a work attempt is dead-lettered with.</summary>
    internal const string NotAnAttemptReason = "NotAWorkAttempt";

    /// <summary>Claims what <paramref name="messages"/> name and settles them.</summary>
    /// <returns>The items claimed, control work first.</returns>
    /// <exception cref="Exception">What the store threw (the messages were abandoned first).</exception>
    public async Task<WorkClaimOutcome> ClaimAsync(IReadOnlyList<ReceivedMessage> messages, WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        var attempts = new List<WorkAttempt>(messages.Count);
        var named = new List<ReceivedMessage>(messages.Count);
        foreach (var received in messages)
        {
            try
            {
                attempts.Add(WorkAttemptCodec.Decode(received.Message));
                named.Add(received);
            }
            catch (FormatException e)
            {
                logger.LogWarning("Dead-lettering message '{MessageId}' of queue '{Queue}': {Problem}", received.Message.MessageId, received.Receiver.EntityPath, e.Message);
                await SettleAsync(received, r => r.Receiver.DeadLetterMessageAsync(r.Message, NotAnAttemptReason, e.Message, CancellationToken.None));
            }
        }
        if (attempts.Count == 0) return new WorkClaimOutcome([], null);
        WorkClaimOutcome claimed;
        try
        {
            // Two messages for one attempt (a duplicate delivery) name it once.
            claimed = await outbox.WorkClaimNamedAsync(new WorkClaimNamedParams(parameters.WorkerId, attempts.Distinct().ToList(), parameters.Lease), cancellationToken);
        }
        catch
        {
            await Task.WhenAll(named.Select(r => SettleAsync(r, m => m.Receiver.AbandonMessageAsync(m.Message, cancellationToken: CancellationToken.None))));
            throw;
        }
        await Task.WhenAll(named.Select(r => SettleAsync(r, m => m.Receiver.CompleteMessageAsync(m.Message, CancellationToken.None))));
        return claimed;
    }

    /// <summary>Gives messages back (a worker stopping with messages it did not claim).</summary>
    public Task AbandonAsync(IEnumerable<ReceivedMessage> messages) =>
        Task.WhenAll(messages.Select(r => SettleAsync(r, m => m.Receiver.AbandonMessageAsync(m.Message, cancellationToken: CancellationToken.None))));

    /// <summary>
    /// Settles one message; a failure is only logged: a lost lock means the service settled or redelivered
    /// it already, and a redelivered message finds its attempt claimed and is completed then.
    /// </summary>
    private async Task SettleAsync(ReceivedMessage received, Func<ReceivedMessage, Task> settle)
    {
        try
        {
            await settle(received);
        }
        catch (Exception e) when (ServiceBusErrorMap.Classify(e) == ServiceBusErrorKind.LockLost)
        {
            logger.LogDebug("Message '{MessageId}' lost its lock before it was settled; harmless after the claim", received.Message.MessageId);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Settling message '{MessageId}' failed; it comes back and finds its attempt claimed", received.Message.MessageId);
        }
    }
}
