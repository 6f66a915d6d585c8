using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>
/// The double's clock-driven behaviour on a fake clock (always on a double of its own, whatever GEO_TEST_SERVICEBUS says:
/// a real namespace has no clock to move): lock expiry, max deliveries, scheduled activation, duplicate window,
/// time to live, lock renewal, token expiry. The fake clock starts at the real time, so the SDK's SAS tokens are valid.
/// </summary>
public sealed class DoubleClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ServiceBusDouble _double = null!;
    private ServiceBusClient _client = null!;

    public async Task InitializeAsync()
    {
        _double = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { TimeProvider = _time });
        _client = ServiceBusTarget.CreateClient(_double.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _double.DisposeAsync();
    }

    /// <summary>AMQP timestamps carry milliseconds.</summary>
    private static DateTimeOffset Ms(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), t.Offset);

    private string Queue(QueueSettings? settings = null)
    {
        var name = "q" + Guid.NewGuid().ToString("N")[..8];
        _double.Queues.CreateQueue(name, settings);
        return name;
    }

    [Fact]
    public async Task LockExpiry_RedeliversWithARisingDeliveryCount_AndTheOldLockIsLost()
    {
        var queue = Queue(new QueueSettings { LockDuration = TimeSpan.FromSeconds(30) });
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m" });
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        Assert.Equal(Ms(_time.GetUtcNow().AddSeconds(30)), first.LockedUntil);
        _time.Advance(TimeSpan.FromSeconds(31));
        var second = await receiver.OneAsync();
        _time.Advance(TimeSpan.FromSeconds(31));
        var third = await receiver.OneAsync();

        Assert.Equal([1, 2, 3], new[] { first.DeliveryCount, second.DeliveryCount, third.DeliveryCount });
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(first));
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(second));
        await receiver.CompleteMessageAsync(third);
    }

    [Fact]
    public async Task LockExpiry_AfterMaxDeliveryCount_DeadLettersWithMaxDeliveryCountExceeded()
    {
        var queue = Queue(new QueueSettings { LockDuration = TimeSpan.FromSeconds(30), MaxDeliveryCount = 2 });
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m" });
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        await receiver.OneAsync();
        _time.Advance(TimeSpan.FromSeconds(31));
        var last = await receiver.OneAsync();
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(2, last.DeliveryCount);
        Assert.Equal(new QueueCounts(0, 0, 1), _double.Queues.Counts(queue));
        await using var deadLetters = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, PrefetchCount = 0 });
        var dead = await deadLetters.OneAsync();
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Equal("m", dead.MessageId);
    }

    [Fact]
    public async Task RenewLock_KeepsTheLockPastItsDuration_OnTheDoublesClock()
    {
        var queue = Queue(new QueueSettings { LockDuration = TimeSpan.FromSeconds(30) });
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("long task"));
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await receiver.RenewMessageLockAsync(got);
            Assert.Equal(Ms(_time.GetUtcNow().AddSeconds(30)), got.LockedUntil);
        }

        await receiver.CompleteMessageAsync(got); // 60 s after the receive, with a 30 s lock: only the renewals kept it
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task ScheduledMessage_StaysScheduledUntilDue_ThenActivatesWithANewSequenceNumber()
    {
        var queue = Queue();
        await using var sender = _client.CreateSender(queue);
        var due = _time.GetUtcNow().AddMinutes(10);
        var scheduledSequence = await sender.ScheduleMessageAsync(new ServiceBusMessage("retry") { MessageId = "retry" }, due);
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        _time.Advance(TimeSpan.FromMinutes(9));
        var waiting = Assert.Single(await receiver.PeekAllAsync());
        Assert.Equal(ServiceBusMessageState.Scheduled, waiting.State);
        Assert.Equal(new QueueCounts(0, 1, 0), _double.Queues.Counts(queue));
        _time.Advance(TimeSpan.FromMinutes(1));
        var got = await receiver.OneAsync();

        Assert.Equal("retry", got.MessageId);
        Assert.Equal(ServiceBusMessageState.Active, got.State);
        Assert.True(got.SequenceNumber > scheduledSequence, $"activation gives a new sequence number ({got.SequenceNumber} > {scheduledSequence})");
        Assert.Equal(Ms(due), got.EnqueuedTime);
        await receiver.CompleteMessageAsync(got);
    }

    [Fact]
    public async Task DuplicateDetection_ForgetsAnIdOnceTheWindowPassed()
    {
        var queue = Queue(new QueueSettings { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(1) });
        await using var sender = _client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("1") { MessageId = "same" });
        _time.Advance(TimeSpan.FromSeconds(59));
        await sender.SendMessageAsync(new ServiceBusMessage("2") { MessageId = "same" });
        _time.Advance(TimeSpan.FromSeconds(2));
        await sender.SendMessageAsync(new ServiceBusMessage("3") { MessageId = "same" });
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var got = await receiver.ManyAsync(2);

        Assert.Equal(["1", "3"], got.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task TimeToLive_DropsAnExpiredMessage_OrDeadLettersItWhenTheQueueSaysSo()
    {
        var dropping = Queue();
        var keeping = Queue(new QueueSettings { DeadLetteringOnMessageExpiration = true });
        foreach (var queue in new[] { dropping, keeping })
        {
            await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("short-lived") { MessageId = "ttl", TimeToLive = TimeSpan.FromMinutes(1) });
        }

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(dropping));
        Assert.Equal(new QueueCounts(0, 0, 1), _double.Queues.Counts(keeping));
        await using var deadLetters = _client.CreateReceiver(keeping, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, PrefetchCount = 0 });
        var dead = await deadLetters.OneAsync();
        Assert.Equal("TTLExpiredException", dead.DeadLetterReason);
    }

    [Fact]
    public async Task TimeToLive_IsCappedByTheQueueDefault_AndALockedMessageOutlivesItUntilTheLockEnds()
    {
        var queue = Queue(new QueueSettings { DefaultMessageTimeToLive = TimeSpan.FromMinutes(1), LockDuration = TimeSpan.FromMinutes(5) });
        await using var sender = _client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("held") { MessageId = "held", TimeToLive = TimeSpan.FromDays(1) });
        await sender.SendMessageAsync(new ServiceBusMessage("idle") { MessageId = "idle", TimeToLive = TimeSpan.FromDays(1) });
        await using var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });
        var held = await receiver.OneAsync();

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(new QueueCounts(1, 0, 0), _double.Queues.Counts(queue)); // "idle" expired at the 1 min cap; "held" is locked
        await receiver.CompleteMessageAsync(held);
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task AnExpiredSasToken_IsRefused_OnTheDoublesClock()
    {
        var queue = Queue();
        _time.Advance(TimeSpan.FromDays(1)); // the SDK signs tokens valid for an hour or so of real time
        await using var client = ServiceBusTarget.CreateClient(_double.ConnectionString);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x")));
    }
}
