using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>Transport conformance (double or real namespace): batches, duplicate detection, scheduling, receive modes, prefetch.</summary>
public sealed class TransportConformanceSendTests : IClassFixture<ServiceBusTarget>
{
    private readonly ServiceBusTarget _target;

    public TransportConformanceSendTests(ServiceBusTarget target) => _target = target;

    [Fact]
    public async Task MessageBatch_DeliversEveryMessage_InOrder_WithRisingSequenceNumbers()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 0; i < 25; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"body-{i}") { MessageId = $"m-{i}", ApplicationProperties = { ["i"] = i } }));
        }

        await sender.SendMessagesAsync(batch);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 5 });
        var got = await receiver.ManyAsync(25, complete: true);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m-{i}"), got.Select(m => m.MessageId));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"body-{i}"), got.Select(m => m.Body.ToString()));
        Assert.Equal(Enumerable.Range(0, 25), got.Select(m => (int)m.ApplicationProperties["i"]));
        Assert.Equal(got.Select(m => m.SequenceNumber).Order(), got.Select(m => m.SequenceNumber));
        Assert.Equal(25, got.Select(m => m.SequenceNumber).Distinct().Count());
        Assert.Equal(25, got.Select(m => m.LockToken).Distinct().Count());
    }

    [Fact]
    public async Task DuplicateDetection_DropsASecondSendOfTheSameMessageId_EvenAfterCompletion()
    {
        var queue = await _target.CreateQueueAsync(new QueueSettings { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10) });
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "task-7-attempt-1" });
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "task-7-attempt-1" });
        await sender.SendMessageAsync(new ServiceBusMessage("retry") { MessageId = "task-7-attempt-2" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.ManyAsync(2);
        foreach (var m in got)
        {
            await receiver.CompleteMessageAsync(m);
        }

        await sender.SendMessageAsync(new ServiceBusMessage("after completion") { MessageId = "task-7-attempt-1" });
        await sender.SendMessageAsync(new ServiceBusMessage("marker") { MessageId = "marker" });
        var marker = await receiver.OneAsync();

        Assert.Equal(["first", "retry"], got.Select(m => m.Body.ToString()));
        Assert.Equal("marker", marker.MessageId); // the re-send after completion was dropped, so the marker comes next
        await receiver.CompleteMessageAsync(marker);
        Assert.Empty(await receiver.PeekAllAsync());
    }

    [Fact]
    public async Task WithoutDuplicateDetection_TheSameMessageIdIsDeliveredTwice()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("one") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("two") { MessageId = "same" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var got = await receiver.ManyAsync(2);

        Assert.Equal(["one", "two"], got.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task ScheduledEnqueueTime_InTheFuture_IsScheduledNotReceivable_AndCanBeCancelled()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        var due = DateTimeOffset.UtcNow.AddHours(1);
        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "later", ScheduledEnqueueTime = due });
        var scheduledSequence = await sender.ScheduleMessageAsync(new ServiceBusMessage("cancel me") { MessageId = "cancel" }, due);
        await sender.SendMessageAsync(new ServiceBusMessage("now") { MessageId = "now" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        await receiver.CompleteMessageAsync(first);
        var peeked = await receiver.PeekAllAsync();
        await sender.CancelScheduledMessageAsync(scheduledSequence);
        var afterCancel = await receiver.PeekAllAsync();

        Assert.Equal("now", first.MessageId);
        Assert.Equal(["later", "cancel"], peeked.Select(m => m.MessageId));
        Assert.All(peeked, m => Assert.Equal(ServiceBusMessageState.Scheduled, m.State));
        Assert.Equal(due.ToUnixTimeSeconds(), peeked[0].ScheduledEnqueueTime.ToUnixTimeSeconds());
        Assert.Contains(scheduledSequence, peeked.Select(m => m.SequenceNumber));
        Assert.Equal(["later"], afterCancel.Select(m => m.MessageId));
        await sender.CancelScheduledMessageAsync(afterCancel[0].SequenceNumber);
    }

    [Fact]
    public async Task ScheduledEnqueueTime_InThePast_IsReceivableAtOnce()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("overdue") { MessageId = "overdue", ScheduledEnqueueTime = DateTimeOffset.UtcNow.AddMinutes(-5) });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();

        Assert.Equal("overdue", got.MessageId);
        await receiver.CompleteMessageAsync(got);
    }

    [Fact]
    public async Task ReceiveAndDelete_RemovesOnDelivery()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("gone"));
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var got = await receiver.OneAsync();

        Assert.Equal("gone", got.Body.ToString());
        Assert.Empty(await receiver.PeekAllAsync());
    }

    [Fact]
    public async Task TwoReceivers_ShareTheQueue_EachMessageLockedByOne()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await client.CreateSender(queue).SendMessagesAsync(Enumerable.Range(0, 10).Select(i => new ServiceBusMessage($"{i}") { MessageId = $"{i}" }));
        await using var a = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 1 });
        await using var b = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 1 });

        var fromA = await a.ManyAsync(3, complete: true);
        var fromB = await b.ManyAsync(3, complete: true);

        Assert.Empty(fromA.Select(m => m.MessageId).Intersect(fromB.Select(m => m.MessageId)));
        Assert.All(fromA.Concat(fromB), m => Assert.Equal(1, m.DeliveryCount));
    }
}
