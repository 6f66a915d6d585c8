using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>The real SDK's ServiceBusAdministrationClient against the double's administration endpoint (its own port).</summary>
public sealed class AdministrationServerTests : IAsyncLifetime
{
    private const string KeyName = "RootManageSharedAccessKey";
    private const string Key = "admin-test-key";
    private ServiceBusDouble server = null!;
    private IQueueCatalog catalog = null!;
    private ServiceBusAdministrationClient client = null!;

    public async Task InitializeAsync()
    {
        server = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { SharedAccessKeyName = KeyName, SharedAccessKey = Key });
        catalog = server.Queues;
        client = new ServiceBusAdministrationClient(server.AdministrationConnectionString);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task CreateQueue_ReturnsTheStoredSettings_AndGetAndExistsSeeIt()
    {
        var created = await client.CreateQueueAsync(new CreateQueueOptions("geo-tasks")
        {
            LockDuration = TimeSpan.FromSeconds(45),
            MaxDeliveryCount = 7,
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(3),
            DeadLetteringOnMessageExpiration = true,
        });

        Assert.Equal(201, created.GetRawResponse().Status);
        Assert.Equal("geo-tasks", created.Value.Name);
        Assert.Equal(TimeSpan.FromSeconds(45), created.Value.LockDuration);
        var stored = catalog.Find("geo-tasks")!;
        Assert.Equal(TimeSpan.FromSeconds(45), stored.LockDuration);
        Assert.Equal(7, stored.MaxDeliveryCount);
        Assert.True(stored.RequiresDuplicateDetection);
        Assert.Equal(TimeSpan.FromMinutes(3), stored.DuplicateDetectionHistoryTimeWindow);
        Assert.True(stored.DeadLetteringOnMessageExpiration);

        var got = (await client.GetQueueAsync("geo-tasks")).Value;
        Assert.Equal(7, got.MaxDeliveryCount);
        Assert.True(got.RequiresDuplicateDetection);
        Assert.Equal(TimeSpan.FromMinutes(3), got.DuplicateDetectionHistoryTimeWindow);
        Assert.False(got.RequiresSession);
        Assert.False(got.EnablePartitioning);
        Assert.True((await client.QueueExistsAsync("geo-tasks")).Value);
        Assert.False((await client.QueueExistsAsync("geo-other")).Value);
    }

    [Fact]
    public async Task CreateQueue_WhenItExists_IsMessagingEntityAlreadyExists_AndKeepsTheFirst()
    {
        await client.CreateQueueAsync(new CreateQueueOptions("geo-control") { MaxDeliveryCount = 3 });

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => client.CreateQueueAsync(new CreateQueueOptions("geo-control") { MaxDeliveryCount = 9 }));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, ex.Reason);
        Assert.Equal(3, catalog.Find("geo-control")!.MaxDeliveryCount);
    }

    [Fact]
    public async Task UpdateQueue_WithIfMatch_ChangesTheSettings()
    {
        var properties = (await client.CreateQueueAsync("geo-tasks")).Value;
        properties.LockDuration = TimeSpan.FromSeconds(90);
        properties.MaxDeliveryCount = 4;

        var updated = await client.UpdateQueueAsync(properties);

        Assert.Equal(200, updated.GetRawResponse().Status);
        Assert.Equal(TimeSpan.FromSeconds(90), catalog.Find("geo-tasks")!.LockDuration);
        Assert.Equal(4, (await client.GetQueueAsync("geo-tasks")).Value.MaxDeliveryCount);
    }

    [Fact]
    public async Task GetQueue_Missing_IsMessagingEntityNotFound()
    {
        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => client.GetQueueAsync("geo-missing"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, ex.Reason);

        var runtime = await Assert.ThrowsAsync<ServiceBusException>(() => client.GetQueueRuntimePropertiesAsync("geo-missing"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, runtime.Reason);
    }

    [Fact]
    public async Task DeleteQueue_RemovesIt_AndAMissingOneIsNotFound()
    {
        await client.CreateQueueAsync("geo-tasks");

        await client.DeleteQueueAsync("geo-tasks");

        Assert.Null(catalog.Find("geo-tasks"));
        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => client.DeleteQueueAsync("geo-tasks"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, ex.Reason);
    }

    [Fact]
    public async Task RuntimeProperties_CountActiveScheduledAndDeadLetteredMessages_AfterSends()
    {
        await client.CreateQueueAsync(new CreateQueueOptions("geo-tasks") { MaxDeliveryCount = 1 });
        await using var messaging = new ServiceBusClient(server.ConnectionString);
        await using var sender = messaging.CreateSender("geo-tasks");
        await sender.SendMessagesAsync([new ServiceBusMessage("poison") { MessageId = "p" }]);
        await using (var receiver = messaging.CreateReceiver("geo-tasks", new ServiceBusReceiverOptions { PrefetchCount = 0 }))
        {
            var poison = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(poison);
            // One delivery allowed: abandoning it dead-letters it (MaxDeliveryCountExceeded).
            await receiver.AbandonMessageAsync(poison);
        }
        await sender.SendMessagesAsync([new ServiceBusMessage("a") { MessageId = "a" }, new ServiceBusMessage("b") { MessageId = "b" },
            new ServiceBusMessage("c") { MessageId = "c" }]);
        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "later", ScheduledEnqueueTime = DateTimeOffset.UtcNow.AddHours(1) });

        var runtime = (await client.GetQueueRuntimePropertiesAsync("geo-tasks")).Value;

        Assert.Equal("geo-tasks", runtime.Name);
        Assert.Equal(3, runtime.ActiveMessageCount);
        Assert.Equal(1, runtime.ScheduledMessageCount);
        Assert.Equal(1, runtime.DeadLetterMessageCount);
        Assert.Equal(5, runtime.TotalMessageCount);
    }

    [Fact]
    public async Task GetQueues_ListsEveryQueueInNameOrder()
    {
        await client.CreateQueueAsync("geo-tasks");
        await client.CreateQueueAsync("geo-control");

        var names = new List<string>();
        await foreach (var queue in client.GetQueuesAsync())
            names.Add(queue.Name);

        Assert.Equal(["geo-control", "geo-tasks"], names);
    }

    [Fact]
    public async Task AnyCall_SignedWithAnotherKey_IsUnauthorized_AndChangesNothing()
    {
        var wrong = new ServiceBusAdministrationClient(server.AdministrationConnectionString.Replace(Key, "not-the-key"));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrong.CreateQueueAsync("geo-tasks"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrong.GetQueueAsync("geo-tasks"));

        Assert.Null(catalog.Find("geo-tasks"));
    }

    [Fact]
    public async Task AnyCall_SignedByAnotherKeyName_IsUnauthorized()
    {
        var wrong = new ServiceBusAdministrationClient(server.AdministrationConnectionString.Replace(KeyName, "OtherRule"));

        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrong.QueueExistsAsync("geo-tasks"));

        Assert.Contains("OtherRule", ex.Message);
    }

    [Theory]
    [InlineData("RequiresSession")]
    [InlineData("EnablePartitioning")]
    public async Task CreateQueue_WithSessionsOrPartitioning_IsRefusedNamingTheSetting(string setting)
    {
        var options = new CreateQueueOptions("geo-tasks")
        {
            RequiresSession = setting == "RequiresSession",
            EnablePartitioning = setting == "EnablePartitioning",
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateQueueAsync(options));

        Assert.Contains(setting, ex.Message);
        Assert.Null(catalog.Find("geo-tasks"));
    }
}
