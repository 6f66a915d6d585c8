using GeoOrchestration.ServiceBus.Receiving;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

public sealed class QueueActivityTests
{
    [Fact]
    public void LooksEmpty_OnlyAfterAReceiveThatBroughtNothing()
    {
        var activity = new QueueActivity();
        Assert.False(activity.LooksEmpty);
        activity.Received(0);
        Assert.True(activity.LooksEmpty);
        activity.Received(3);
        Assert.False(activity.LooksEmpty);
    }
}
