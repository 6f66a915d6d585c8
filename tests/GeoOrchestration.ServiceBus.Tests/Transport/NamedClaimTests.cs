using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Receiving;
using GeoOrchestration.ServiceBus.Tests.Transport.Support;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

/// <summary>Claims of what received messages name, over the double and a small in-memory outbox: what is claimed and how each message is settled.</summary>
public sealed class NamedClaimTests
{
    private static readonly WorkClaimParams Claim = new("worker-1", 10, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Claim_TakesWhatIsCurrent_AndCompletesEveryMessage()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Outbox.Ready(RelayRig.Task(1));
        rig.Outbox.Ready(RelayRig.Task(2));
        rig.Outbox.Ready(RelayRig.Task(3, turn: 2));
        // Turn 1 of task 3 has passed (it was retried): its message names nothing current.
        await rig.Senders[WorkQueue.Tasks].SendMessagesAsync([Encode(RelayRig.Task(1)), Encode(RelayRig.Task(2)), Encode(RelayRig.Task(3, turn: 1))]);
        var received = await ReceiveAsync(rig, 3);

        var claimed = await new NamedClaim(rig.Outbox, NullLogger.Instance).ClaimAsync(received, Claim, CancellationToken.None);

        Assert.Equal([RelayRig.Task(1).TaskId, RelayRig.Task(2).TaskId], claimed.Select(i => i.TaskId).Order());
        Assert.Equal("worker-1", rig.Outbox.ClaimedBy(RelayRig.Task(1)));
        Assert.Null(rig.Outbox.ClaimedBy(RelayRig.Task(3, turn: 2)));
        Assert.Equal(0, rig.Counts(WorkQueue.Tasks).Active);
    }

    [Fact]
    public async Task Claim_WhenTheDatabaseFails_AbandonsTheMessagesSoTheyComeBack()
    {
        // A lock far longer than the test waits: the message can only come back because it was abandoned.
        await using var rig = await RelayRig.StartAsync(new() { RequiresDuplicateDetection = true, LockDuration = TimeSpan.FromMinutes(5) });
        rig.Outbox.Ready(RelayRig.Task(1));
        await rig.Senders[WorkQueue.Tasks].SendMessageAsync(Encode(RelayRig.Task(1)));
        var received = await ReceiveAsync(rig, 1);
        rig.Outbox.ClaimFailure = new GeoStoreUnavailableException("database down");

        await Assert.ThrowsAsync<GeoStoreUnavailableException>(() => new NamedClaim(rig.Outbox, NullLogger.Instance).ClaimAsync(received, Claim, CancellationToken.None));

        var again = Assert.Single(await ReceiveAsync(rig, 1));
        Assert.Equal(WorkAttemptCodec.MessageId(RelayRig.Task(1)), again.Message.MessageId);
        Assert.Equal(2, again.Message.DeliveryCount);
    }

    [Fact]
    public async Task Claim_AMessageThatNamesNoAttempt_IsDeadLettered()
    {
        await using var rig = await RelayRig.StartAsync();
        await rig.Senders[WorkQueue.Tasks].SendMessageAsync(new ServiceBusMessage("""{"hello":"world"}""") { MessageId = "stray-1" });
        var received = await ReceiveAsync(rig, 1);

        var claimed = await new NamedClaim(rig.Outbox, NullLogger.Instance).ClaimAsync(received, Claim, CancellationToken.None);

        Assert.Empty(claimed);
        var counts = rig.Counts(WorkQueue.Tasks);
        Assert.Equal(0, counts.Active);
        Assert.Equal(1, counts.DeadLettered);
        await using var deadLetters = rig.Client.CreateReceiver(rig.Options.TaskQueue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(NamedClaim.NotAnAttemptReason, dead.DeadLetterReason);
    }

    [Fact]
    public async Task Claim_ADuplicateDelivery_ClaimsTheAttemptOnce_AndCompletesBoth()
    {
        await using var rig = await RelayRig.StartAsync();
        rig.Double.Faults.Add(FaultKind.DuplicateDelivery, rig.Options.TaskQueue);
        rig.Outbox.Ready(RelayRig.Task(1));
        await rig.Senders[WorkQueue.Tasks].SendMessageAsync(Encode(RelayRig.Task(1)));
        var received = await ReceiveAsync(rig, 2);

        var claimed = await new NamedClaim(rig.Outbox, NullLogger.Instance).ClaimAsync(received, Claim, CancellationToken.None);

        Assert.Equal(RelayRig.Task(1).TaskId, Assert.Single(claimed).TaskId);
        Assert.Equal(0, rig.Counts(WorkQueue.Tasks).Active);
    }

    [Fact]
    public async Task Claim_WhenCompletingFindsTheLockLost_StillHandsOverTheClaim()
    {
        await using var rig = await RelayRig.StartAsync();
        var lost = rig.Double.Faults.Add(FaultKind.LockLostOnSettle, rig.Options.TaskQueue);
        rig.Outbox.Ready(RelayRig.Task(1));
        await rig.Senders[WorkQueue.Tasks].SendMessageAsync(Encode(RelayRig.Task(1)));
        var received = await ReceiveAsync(rig, 1);

        var claimed = await new NamedClaim(rig.Outbox, NullLogger.Instance).ClaimAsync(received, Claim, CancellationToken.None);

        Assert.Equal(RelayRig.Task(1).TaskId, Assert.Single(claimed).TaskId);
        Assert.Equal(1, lost.Fired);
    }

    private static ServiceBusMessage Encode(WorkAttempt attempt) => WorkAttemptCodec.Encode(attempt);

    /// <summary>Receives until <paramref name="count"/> messages are in hand (peek-lock, as the transport's receivers do).</summary>
    private static async Task<List<ReceivedMessage>> ReceiveAsync(RelayRig rig, int count)
    {
        var receiver = rig.Client.CreateReceiver(rig.Options.TaskQueue);
        var received = new List<ReceivedMessage>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (received.Count < count && DateTime.UtcNow < deadline)
            foreach (var message in await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(5)))
                received.Add(new ReceivedMessage(message, receiver, WorkQueue.Tasks));
        Assert.Equal(count, received.Count);
        return received;
    }
}
