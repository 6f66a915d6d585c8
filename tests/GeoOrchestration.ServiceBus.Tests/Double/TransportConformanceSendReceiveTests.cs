using Azure.Messaging.ServiceBus;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>Transport conformance (double or real namespace): send, peek-lock receive and complete through the real SDK.</summary>
public sealed class TransportConformanceSendReceiveTests : IClassFixture<ServiceBusTarget>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ServiceBusTarget _target;

    public TransportConformanceSendReceiveTests(ServiceBusTarget target) => _target = target;

    [Fact]
    public async Task Send_ThenReceivePeekLock_CarriesBodyPropertiesAndBrokerAnnotations()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        var sent = new ServiceBusMessage(BinaryData.FromString("{\"task\":\"t-1\"}"))
        {
            MessageId = "job1-t1-a1",
            ContentType = "application/json",
            Subject = "task",
            CorrelationId = "job1",
            ApplicationProperties = { ["kind"] = "task", ["turn"] = 3L },
        };
        await sender.SendMessageAsync(sent);

        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });
        var got = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(got);
        Assert.Equal("{\"task\":\"t-1\"}", got.Body.ToString());
        Assert.Equal("job1-t1-a1", got.MessageId);
        Assert.Equal("application/json", got.ContentType);
        Assert.Equal("task", got.Subject);
        Assert.Equal("job1", got.CorrelationId);
        Assert.Equal("task", got.ApplicationProperties["kind"]);
        Assert.Equal(3L, got.ApplicationProperties["turn"]);
        Assert.Equal(1, got.DeliveryCount);
        Assert.NotEqual(Guid.Empty.ToString(), got.LockToken);
        Assert.True(got.SequenceNumber > 0, "x-opt-sequence-number is set");
        Assert.True(got.EnqueuedTime > DateTimeOffset.UtcNow.AddHours(-1), "x-opt-enqueued-time is set");
        Assert.True(got.LockedUntil > got.EnqueuedTime, "x-opt-locked-until is after the enqueue");
        await receiver.CompleteMessageAsync(got);
    }

    [Fact]
    public async Task Complete_RemovesTheMessage_AndSequenceNumbersRise()
    {
        var queue = await _target.CreateQueueAsync();
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessagesAsync([new ServiceBusMessage("a") { MessageId = "a" }, new ServiceBusMessage("b") { MessageId = "b" }]);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await ReceiveAsync(receiver);
        await receiver.CompleteMessageAsync(first);
        var second = await ReceiveAsync(receiver);
        await receiver.CompleteMessageAsync(second);

        Assert.Equal(["a", "b"], new[] { first.Body.ToString(), second.Body.ToString() });
        Assert.True(second.SequenceNumber > first.SequenceNumber);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2)));
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0));
    }

    private static async Task<ServiceBusReceivedMessage> ReceiveAsync(ServiceBusReceiver receiver) =>
        await receiver.ReceiveMessageAsync(Wait) ?? throw new TimeoutException("no message within " + Wait);
}
