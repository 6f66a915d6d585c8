using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>Transport conformance (double or real namespace): abandon, defer, dead-letter and settling a lost lock.</summary>
public sealed class TransportConformanceSettlementTests : IClassFixture<ServiceBusTarget>
{
    private readonly ServiceBusTarget _target;

    public TransportConformanceSettlementTests(ServiceBusTarget target) => _target = target;

    [Fact]
    public async Task Abandon_MakesItAvailableAgain_WithTheDeliveryCountRaised()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m1" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt-note"] = "abandoned once" });
        var second = await receiver.OneAsync();

        Assert.Equal("m1", second.MessageId);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.NotEqual(first.LockToken, second.LockToken);
        Assert.Equal("abandoned once", second.ApplicationProperties["attempt-note"]);
        await receiver.CompleteMessageAsync(second);
    }

    [Fact]
    public async Task DeadLetter_MovesItToTheSubqueue_WithReasonAndDescription()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "p1" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();
        await receiver.DeadLetterMessageAsync(got, "HandlerFailed", "the handler threw 3 times");

        await using var deadLetters = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, PrefetchCount = 0 });
        var peeked = Assert.Single(await deadLetters.PeekAllAsync());
        Assert.Equal("p1", peeked.MessageId);
        var dead = await deadLetters.OneAsync();
        Assert.Equal("p1", dead.MessageId);
        Assert.Equal("poison", dead.Body.ToString());
        Assert.Equal("HandlerFailed", dead.DeadLetterReason);
        Assert.Equal("the handler threw 3 times", dead.DeadLetterErrorDescription);
        Assert.Equal(queue, dead.DeadLetterSource, ignoreCase: true);
        await deadLetters.CompleteMessageAsync(dead);
        Assert.Empty(await receiver.PeekAllAsync());
        Assert.Empty(await deadLetters.PeekAllAsync());
    }

    [Fact]
    public async Task Defer_KeepsItOutOfReceives_ButPeekStillSeesIt()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessagesAsync([new ServiceBusMessage("d") { MessageId = "d" }, new ServiceBusMessage("n") { MessageId = "n" }]);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        await receiver.DeferMessageAsync(first);
        var next = await receiver.OneAsync();

        Assert.Equal("d", first.MessageId);
        Assert.Equal("n", next.MessageId);
        await receiver.CompleteMessageAsync(next);
        var left = Assert.Single(await receiver.PeekAllAsync());
        Assert.Equal("d", left.MessageId);
        Assert.Equal(ServiceBusMessageState.Deferred, left.State);
    }

    [Fact]
    public async Task CompleteTwice_TheSecondFindsTheLockLost()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();
        await receiver.CompleteMessageAsync(got);

        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(got));
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.RenewMessageLockAsync(got));
    }

    [Fact]
    public async Task SettleAfterTheLockExpired_FindsTheLockLost_AndTheMessageComesBackWithAHigherCount()
    {
        var queue = await _target.CreateQueueAsync(new QueueSettings { LockDuration = TimeSpan.FromSeconds(5) });
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "slow" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        var again = await receiver.OneAsync(); // only comes once the first lock expired

        Assert.Equal("slow", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(first));
        await receiver.CompleteMessageAsync(again);
    }

    [Fact]
    public async Task RenewLock_ExtendsLockedUntil()
    {
        var queue = await _target.CreateQueueAsync(new QueueSettings { LockDuration = TimeSpan.FromSeconds(30) });
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("long"));
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();
        var before = got.LockedUntil;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // lock times have millisecond resolution at best: let time move
        await receiver.RenewMessageLockAsync(got);

        Assert.True(got.LockedUntil > before, $"renewed lock {got.LockedUntil:O} is later than {before:O}");
        await receiver.CompleteMessageAsync(got);
    }

    [Fact]
    public async Task AbandonedUpToMaxDeliveryCount_IsDeadLettered_MaxDeliveryCountExceeded()
    {
        var queue = await _target.CreateQueueAsync(new QueueSettings { MaxDeliveryCount = 2 });
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("bad") { MessageId = "bad" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        await receiver.AbandonMessageAsync(await receiver.OneAsync());
        var last = await receiver.OneAsync();
        Assert.Equal(2, last.DeliveryCount);
        await receiver.AbandonMessageAsync(last);

        await using var deadLetters = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, PrefetchCount = 0 });
        var dead = await deadLetters.OneAsync();
        Assert.Equal("bad", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Empty(await receiver.PeekAllAsync());
        await deadLetters.CompleteMessageAsync(dead);
    }
}
