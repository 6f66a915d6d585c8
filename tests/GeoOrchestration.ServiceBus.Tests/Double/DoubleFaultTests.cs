using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>
/// The double's fault injection as the real SDK sees it (always on a double of its own: a real namespace cannot be
/// made to fail on demand): server busy and timeouts on send, a connection dropped after a stored send, duplicate
/// delivery, expired tokens, settlements refused as lock lost.
/// </summary>
public sealed class DoubleFaultTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ServiceBusDouble _double = null!;

    public async Task InitializeAsync() =>
        _double = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _double.DisposeAsync();

    private string Queue(QueueSettings? settings = null)
    {
        var name = "q" + Guid.NewGuid().ToString("N")[..8];
        _double.Queues.CreateQueue(name, settings);
        return name;
    }

    private ServiceBusClient Client(int maxRetries = 2) => new(_double.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = maxRetries, Delay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), TryTimeout = TimeSpan.FromSeconds(30) },
    });

    [Theory]
    [InlineData(FaultKind.ServerBusyOnSend, ServiceBusFailureReason.ServiceBusy)]
    [InlineData(FaultKind.TimeoutOnSend, ServiceBusFailureReason.ServiceTimeout)]
    public async Task SendFault_IsReportedWithItsReason_AndNothingIsStored(FaultKind kind, ServiceBusFailureReason reason)
    {
        var queue = Queue();
        var rule = _double.Faults.Add(kind, queue);
        await using (var client = Client(maxRetries: 0))
        {
            var e = await Receiving.FailsWith(reason, () => client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x")));
            Assert.True(e.IsTransient);
        }

        Assert.Equal(1, rule.Fired);
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(queue));
        await using var again = Client(maxRetries: 0);
        await again.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("y"));
        Assert.Equal(new QueueCounts(1, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task TimeoutOnSend_IsRetriedByTheSdk_AndTheMessageArrivesOnce()
    {
        var queue = Queue();
        var rule = _double.Faults.Add(FaultKind.TimeoutOnSend, queue);
        await using var client = Client();

        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));

        Assert.Equal(1, rule.Fired);
        Assert.Equal(new QueueCounts(1, 0, 0), _double.Queues.Counts(queue));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public async Task DropConnectionAfterSend_TheSdkResends_DuplicateDetectionAbsorbsTheCopy(bool duplicateDetection, long stored)
    {
        var queue = Queue(new QueueSettings { RequiresDuplicateDetection = duplicateDetection });
        var rule = _double.Faults.Add(FaultKind.DropConnectionAfterSend, queue);
        await using var client = Client();

        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "task-1-attempt-1" });

        Assert.Equal(1, rule.Fired);
        Assert.Equal(new QueueCounts(stored, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task DuplicateDelivery_DeliversTheMessageAgain_TheFirstLockIsLost()
    {
        var queue = Queue();
        var rule = _double.Faults.Add(FaultKind.DuplicateDelivery, queue);
        await using var client = Client();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "once" });
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var first = await receiver.OneAsync();
        var second = await receiver.OneAsync();

        Assert.Equal(1, rule.Fired);
        Assert.Equal(["once", "once"], new[] { first.MessageId, second.MessageId });
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.NotEqual(first.LockToken, second.LockToken);
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(first));
        await receiver.CompleteMessageAsync(second);
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task LockLostOnSettle_RefusesTheNextSettlements_ThenTheLockExpiresAndTheMessageComesBack()
    {
        var queue = Queue(new QueueSettings { LockDuration = TimeSpan.FromSeconds(30) });
        var rule = _double.Faults.Add(FaultKind.LockLostOnSettle, queue, times: 2);
        await using var client = Client();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });

        var got = await receiver.OneAsync();
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.CompleteMessageAsync(got));
        await Receiving.FailsWith(ServiceBusFailureReason.MessageLockLost, () => receiver.AbandonMessageAsync(got));
        _time.Advance(TimeSpan.FromSeconds(31));
        var again = await receiver.OneAsync();
        await receiver.CompleteMessageAsync(again);

        Assert.Equal(2, rule.Fired);
        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal(new QueueCounts(0, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task ExpireTokens_RefusesNewConnections_UntilCleared()
    {
        var queue = Queue();
        _double.Faults.ExpireTokens = true;
        await using (var refused = Client(maxRetries: 0))
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => refused.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x")));
        }

        _double.Faults.Clear();
        await using var client = Client(maxRetries: 0);
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        Assert.Equal(new QueueCounts(1, 0, 0), _double.Queues.Counts(queue));
    }

    [Fact]
    public async Task ARuleWithSkip_LetsTheFirstOperationsThrough()
    {
        var queue = Queue();
        var rule = _double.Faults.Add(new FaultRule(FaultKind.ServerBusyOnSend) { Queue = queue, Skip = 2, Times = 1 });
        await using var client = Client(maxRetries: 0);
        await using var sender = client.CreateSender(queue);

        await sender.SendMessageAsync(new ServiceBusMessage("1"));
        await sender.SendMessageAsync(new ServiceBusMessage("2"));
        await Receiving.FailsWith(ServiceBusFailureReason.ServiceBusy, () => sender.SendMessageAsync(new ServiceBusMessage("3")));

        Assert.Equal(1, rule.Fired);
        Assert.Equal(new QueueCounts(2, 0, 0), _double.Queues.Counts(queue));
    }
}
