using GeoOrchestration.Engine;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>
/// The claim loop's wait, apart from any store: how long it sleeps (the fallback poll, cut short by
/// the next retry's due time and the rest of the idle limit) and when the idle limit is reached.
/// </summary>
public sealed class IdleDueWaitTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NextWait_NothingDueNotIdle_IsTheFallbackPoll()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromSeconds(5));

        wait.NothingClaimable(null);

        Assert.Equal(Poll, wait.NextWait());
    }

    [Fact]
    public void NextWait_RetryDueBeforeThePoll_WakesAtTheDueTimeCountedDownOnTheWorkersClock()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: null);

        wait.NothingClaimable(TimeSpan.FromSeconds(3));
        var first = wait.NextWait();
        _time.Advance(TimeSpan.FromSeconds(1));
        var later = wait.NextWait();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.Zero), (first, later, wait.NextWait()));
    }

    [Fact]
    public void NextWait_RetryDueAfterThePoll_IsThePoll()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: null);

        wait.NothingClaimable(TimeSpan.FromMinutes(5));

        Assert.Equal(Poll, wait.NextWait());
    }

    [Fact]
    public void NextWait_DueFarBeyondAnyTimestamp_IsBoundedNotOverflowed()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: null);

        wait.NothingClaimable(TimeSpan.MaxValue);

        Assert.Equal(Poll, wait.NextWait());
    }

    [Fact]
    public void NextWait_Idle_EndsWhenTheIdleLimitIsReached()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromSeconds(4));

        wait.Idle();
        _time.Advance(TimeSpan.FromSeconds(1));
        var next = wait.NextWait();
        var reachedEarly = wait.IdleLimitReached;
        _time.Advance(next);

        Assert.Equal(TimeSpan.FromSeconds(3), next);
        Assert.False(reachedEarly);
        Assert.True(wait.IdleLimitReached);
    }

    [Fact]
    public void Idle_AgainWhileIdle_KeepsCountingFromWhenIdlenessBegan()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromSeconds(4));

        wait.Idle();
        _time.Advance(TimeSpan.FromSeconds(3));
        wait.Idle();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(wait.IdleLimitReached);
    }

    [Fact]
    public void IdleLimitReached_BusyOrNotIdleMeanwhile_StartsOver()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromSeconds(4));

        wait.Idle();
        _time.Advance(TimeSpan.FromSeconds(3));
        wait.NotIdle();
        wait.Idle();
        _time.Advance(TimeSpan.FromSeconds(3));
        var afterNotIdle = wait.IdleLimitReached;
        wait.Busy();

        Assert.False(afterNotIdle);
        Assert.False(wait.IdleLimitReached);
    }

    [Fact]
    public void DueWithinIdleLimit_OnlyForARetryDueBeforeTheLimit()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromSeconds(5));

        wait.NothingClaimable(TimeSpan.FromSeconds(5));
        var within = wait.DueWithinIdleLimit;
        wait.NothingClaimable(TimeSpan.FromSeconds(6));
        var beyond = wait.DueWithinIdleLimit;
        wait.NothingClaimable(null);

        Assert.Equal((true, false, false), (within, beyond, wait.DueWithinIdleLimit));
    }

    [Fact]
    public void DueWithinIdleLimit_NoIdleLimit_IsFalse()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: null);

        wait.NothingClaimable(TimeSpan.FromSeconds(1));

        Assert.False(wait.DueWithinIdleLimit);
    }

    [Fact]
    public void ForgetDueIfPassed_ForgetsOnlyADueTimeThatHasPassed()
    {
        var wait = new IdleDueWait(_time, Poll, exitWhenIdle: TimeSpan.FromMinutes(1));

        wait.NothingClaimable(TimeSpan.FromSeconds(2));
        wait.ForgetDueIfPassed();
        var kept = wait.DueWithinIdleLimit;
        _time.Advance(TimeSpan.FromSeconds(2));
        wait.ForgetDueIfPassed();

        Assert.True(kept);
        Assert.False(wait.DueWithinIdleLimit);
        Assert.Equal(Poll, wait.NextWait());
    }
}
