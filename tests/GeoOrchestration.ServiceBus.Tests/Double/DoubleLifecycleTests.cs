using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>The facade: outages (pause/resume, stop and start on the same port with the same catalog), the announced size limit, deleted queues.</summary>
public sealed class DoubleLifecycleTests
{
    private static ServiceBusClient Client(string connectionString, int maxRetries) => new(connectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = maxRetries, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1), TryTimeout = TimeSpan.FromSeconds(10) },
    });

    [Fact]
    public async Task Pause_DropsConnectionsAndRefusesNewOnes_Resume_KeepsTheMessages()
    {
        await using var sb = await ServiceBusDouble.StartAsync();
        sb.Queues.CreateQueue("work");
        await using var client = Client(sb.ConnectionString, maxRetries: 0);
        await using var sender = client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("before") { MessageId = "before" });

        await sb.PauseAsync();
        var e = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("during")));
        Assert.True(e.IsTransient, $"an outage is transient for the SDK: {e.Reason}");
        await sb.ResumeAsync();
        await SendEventuallyAsync(sender, new ServiceBusMessage("after") { MessageId = "after" });

        await using var receiver = client.CreateReceiver("work", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var got = await receiver.ManyAsync(2);
        Assert.Equal(["before", "after"], got.Select(m => m.MessageId));
    }

    [Fact]
    public async Task StopThenStartOnTheSamePort_WithTheSameCatalog_IsARecovery()
    {
        var first = await ServiceBusDouble.StartAsync();
        first.Queues.CreateQueue("work");
        await using (var client = Client(first.ConnectionString, maxRetries: 0))
        {
            await client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("kept") { MessageId = "kept" });
        }

        await first.StopAsync();
        await using var second = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { Port = first.Port, Catalog = first.Catalog });
        await using var again = Client(second.ConnectionString, maxRetries: 2);
        await using var receiver = again.CreateReceiver("work", new ServiceBusReceiverOptions { PrefetchCount = 0 });
        var got = await receiver.OneAsync();

        Assert.Equal(first.ConnectionString, second.ConnectionString);
        Assert.Equal("kept", got.MessageId);
        await receiver.CompleteMessageAsync(got);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Attach_AnnouncesThe256KbLimit_AndALargerMessageIsRefused()
    {
        await using var sb = await ServiceBusDouble.StartAsync();
        sb.Queues.CreateQueue("work");
        await using var client = Client(sb.ConnectionString, maxRetries: 0);
        await using var sender = client.CreateSender("work");

        using var batch = await sender.CreateMessageBatchAsync();
        Assert.Equal(256 * 1024, batch.MaxSizeInBytes);
        await Receiving.FailsWith(ServiceBusFailureReason.MessageSizeExceeded,
            () => sender.SendMessageAsync(new ServiceBusMessage(new byte[300 * 1024])));
        Assert.Equal(new QueueCounts(0, 0, 0), sb.Queues.Counts("work"));
    }

    [Fact]
    public async Task DeletingAQueue_ClosesItsLinks_AndSendsThenFailWithEntityNotFound()
    {
        await using var sb = await ServiceBusDouble.StartAsync();
        sb.Queues.CreateQueue("work");
        await using var client = Client(sb.ConnectionString, maxRetries: 1);
        await using var sender = client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("x"));

        Assert.True(sb.Queues.Delete("work"));

        await Receiving.FailsWith(ServiceBusFailureReason.MessagingEntityNotFound, () => sender.SendMessageAsync(new ServiceBusMessage("y")));
        Assert.Null(sb.Queues.Counts("work"));
    }

    /// <summary>After an outage the SDK reconnects on its own; its first try may still meet the closed connection.</summary>
    private static async Task SendEventuallyAsync(ServiceBusSender sender, ServiceBusMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sender.SendMessageAsync(message);
                return;
            }
            catch (ServiceBusException e) when (e.IsTransient && attempt < 10)
            {
                await Task.Delay(200);
            }
        }
    }
}
