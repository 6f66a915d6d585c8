using GeoOrchestration.Engine;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>The worker's sleep: its timeout runs on the injected clock, so tests move time instead of sleeping.</summary>
public sealed class WakeSignalTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WaitAsync_NotSignalled_EndsWhenTheInjectedClockPassesTheTimeout()
    {
        var signal = new WakeSignal(_time);

        var wait = signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(59));
        var early = wait.IsCompleted;
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(early);
        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_ReturnsTrueWithoutTimePassing()
    {
        var signal = new WakeSignal(_time);

        var wait = signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None);
        signal.Set();

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_ManySetsBeforeAWait_WakeOnceThenTheNextWaitSleeps()
    {
        var signal = new WakeSignal(_time);
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None));
        var second = signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_TimeoutBeyondOneTimer_IsServedWithoutThrowing()
    {
        var signal = new WakeSignal(_time);

        var wait = signal.WaitAsync(TimeSpan.FromDays(400), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
