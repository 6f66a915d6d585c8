using Azure.Messaging.ServiceBus;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>Transport conformance (double or real namespace): a missing entity and a wrong key, as the SDK reports them.</summary>
public sealed class TransportConformanceErrorTests : IClassFixture<ServiceBusTarget>
{
    private readonly ServiceBusTarget _target;

    public TransportConformanceErrorTests(ServiceBusTarget target) => _target = target;

    [Fact]
    public async Task SendToAMissingQueue_FailsWith_MessagingEntityNotFound()
    {
        await using var client = _target.CreateClient();
        await using var sender = client.CreateSender("geo-no-such-queue-" + Guid.NewGuid().ToString("N")[..8]);

        await Receiving.FailsWith(ServiceBusFailureReason.MessagingEntityNotFound, () => sender.SendMessageAsync(new ServiceBusMessage("x")));
    }

    [Fact]
    public async Task ReceiveFromAMissingQueue_FailsWith_MessagingEntityNotFound()
    {
        await using var client = _target.CreateClient();
        await using var receiver = client.CreateReceiver("geo-no-such-queue-" + Guid.NewGuid().ToString("N")[..8]);

        await Receiving.FailsWith(ServiceBusFailureReason.MessagingEntityNotFound, () => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AWrongKey_FailsWith_UnauthorizedAccess()
    {
        var queue = await _target.CreateQueueAsync();
        var props = ServiceBusConnectionStringProperties.Parse(_target.ConnectionString);
        var wrong = _target.ConnectionString.Replace("SharedAccessKey=" + props.SharedAccessKey, "SharedAccessKey=not-the-key", StringComparison.Ordinal);
        Assert.NotEqual(_target.ConnectionString, wrong);
        await using var client = ServiceBusTarget.CreateClient(wrong);
        await using var sender = client.CreateSender(queue);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));
    }
}
