using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.ServiceBus.Administration;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>DeadLetterReader against the double: peeking the dead-letter subqueues of the transport's two queues.</summary>
public sealed class DeadLetterReaderTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private ServiceBusDouble server = null!;
    private ServiceBusTransportOptions transport = null!;

    public async Task InitializeAsync()
    {
        server = await ServiceBusDouble.StartAsync();
        // One delivery each: an abandoned message is dead-lettered at once (MaxDeliveryCountExceeded).
        server.Queues.CreateQueue("geo-control", new QueueSettings { MaxDeliveryCount = 1 });
        server.Queues.CreateQueue("geo-tasks", new QueueSettings { MaxDeliveryCount = 1 });
        transport = new ServiceBusTransportOptions { ConnectionString = server.ConnectionString };
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Peek_ShowsWhatWasDeadLettered_InBothQueues_AndLeavesItThere()
    {
        await DeadLetterAsync("geo-tasks", "task-1", "task-2");
        await DeadLetterAsync("geo-control", "plan-1");

        var first = await DeadLetterReader.PeekAsync(transport, 10, CancellationToken.None);
        var second = await DeadLetterReader.PeekAsync(transport, 10, CancellationToken.None);

        Assert.Equal([("geo-control", "plan-1"), ("geo-tasks", "task-1"), ("geo-tasks", "task-2")], first.Select(m => (m.Queue, m.MessageId)));
        Assert.All(first, m => Assert.Equal("MaxDeliveryCountExceeded", m.Reason));
        Assert.All(first, m => Assert.Null(m.Attempt));
        Assert.Equal(first.Select(m => m.MessageId), second.Select(m => m.MessageId));
        Assert.Equal(2, server.Queues.Counts("geo-tasks")!.DeadLettered);
    }

    [Fact]
    public async Task Peek_DecodesTheAttemptOfTheTransportsMessages_AndLeavesOthersWithout()
    {
        var job = new string('b', 64);
        var attempt = new WorkAttempt(WorkKind.RunTask, job, 2, JobIdentity.TaskId(job, 2, "tile-0007"), 3);
        await DeadLetterAsync("geo-tasks", WorkAttemptCodec.Encode(attempt));
        await DeadLetterAsync("geo-tasks", "not-ours");

        var read = await DeadLetterReader.PeekAsync(transport, 10, CancellationToken.None);

        Assert.Equal(2, read.Count);
        Assert.Equal(WorkAttemptCodec.MessageId(attempt), read[0].MessageId);
        Assert.Equal(attempt, read[0].Attempt);
        Assert.Equal("not-ours", read[1].MessageId);
        Assert.Null(read[1].Attempt);
    }

    [Fact]
    public async Task Peek_ReadsAtMostMaxPerQueue_OldestFirst()
    {
        await DeadLetterAsync("geo-tasks", "task-1", "task-2", "task-3");

        var read = await DeadLetterReader.PeekAsync(transport, 2, CancellationToken.None);

        Assert.Equal(["task-1", "task-2"], read.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Peek_OfAMissingQueue_IsAConfigurationErrorNamingIt()
    {
        var ex = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            DeadLetterReader.PeekAsync(transport with { TaskQueue = "geo-missing" }, 10, CancellationToken.None));

        Assert.Contains("geo-missing", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Peek_WithMaxBelowOne_IsRefusedNamingIt(int max)
    {
        var ex = await Assert.ThrowsAsync<GeoValidationException>(() => DeadLetterReader.PeekAsync(transport, max, CancellationToken.None));

        Assert.Equal("max", Assert.Single(ex.Errors).Field);
    }

    private Task DeadLetterAsync(string queue, params string[] ids) =>
        DeadLetterAsync(queue, ids.Select(id => new ServiceBusMessage($"body of {id}") { MessageId = id }).ToArray());

    private async Task DeadLetterAsync(string queue, params ServiceBusMessage[] messages)
    {
        await using var client = new ServiceBusClient(server.ConnectionString);
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });
        foreach (var message in messages)
        {
            await sender.SendMessageAsync(message);
            var got = await receiver.ReceiveMessageAsync(Wait);
            Assert.Equal(message.MessageId, got?.MessageId);
            await receiver.AbandonMessageAsync(got);
        }
    }
}
