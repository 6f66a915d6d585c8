using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Receiving;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

public sealed class ReceivedBufferTests
{
    [Fact]
    public void Room_IsTheWorkersUnmetDemand_CappedAndLessWhatIsHeld()
    {
        var buffer = new ReceivedBuffer(capacity: 8);
        Assert.Equal(0, buffer.Room);
        buffer.Demand("w", 5);
        Assert.Equal(5, buffer.Room);
        buffer.Add(Messages(WorkQueue.Tasks, 3));
        Assert.Equal(2, buffer.Room);
        buffer.Demand("w", 50);
        Assert.Equal(5, buffer.Room);
    }

    [Fact]
    public void Room_OfWorkersSharingATransport_AddsTheirDemandsUp()
    {
        var buffer = new ReceivedBuffer(capacity: 8);
        buffer.Demand("a", 2);
        buffer.Demand("b", 3);
        Assert.Equal(5, buffer.Room);
        buffer.Demand("a", 0);
        Assert.Equal(3, buffer.Room);
        buffer.ForgetDemand();
        Assert.Equal(0, buffer.Room);
    }

    [Fact]
    public void Take_GivesControlWorkFirst_UpToTheLimit()
    {
        var buffer = new ReceivedBuffer(capacity: 8);
        buffer.Add(Messages(WorkQueue.Tasks, 3));
        buffer.Add(Messages(WorkQueue.Control, 2));
        var taken = buffer.Take(3);
        Assert.Equal([WorkQueue.Control, WorkQueue.Control, WorkQueue.Tasks], taken.Select(m => m.Queue));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public async Task WaitForRoom_WaitsForTheWorkersDemand()
    {
        var buffer = new ReceivedBuffer(capacity: 8);
        var waiting = buffer.WaitForRoomAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        buffer.Demand("w", 2);
        Assert.Equal(2, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitForRoom_AFullBufferWaitsForATake()
    {
        var buffer = new ReceivedBuffer(capacity: 2);
        buffer.Demand("w", 2);
        buffer.Add(Messages(WorkQueue.Tasks, 2));
        var waiting = buffer.WaitForRoomAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        buffer.Take(1);
        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static IEnumerable<ReceivedMessage> Messages(WorkQueue queue, int count) =>
        Enumerable.Range(0, count).Select(i => new ReceivedMessage(ServiceBusModelFactory.ServiceBusReceivedMessage(messageId: $"{queue}-{i}"), null!, queue));
}
