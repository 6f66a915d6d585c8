using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Core.Tests.Model;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0L, "0 s")]
    [InlineData(2 * TimeSpan.TicksPerSecond, "2 s")]
    [InlineData(90 * TimeSpan.TicksPerMinute, "1 h 30 min")]
    [InlineData(TimeSpan.TicksPerMinute + 30 * TimeSpan.TicksPerSecond, "1 min 30 s")]
    [InlineData(15 * TimeSpan.TicksPerSecond / 10, "1.5 s")]
    [InlineData(500 * TimeSpan.TicksPerMillisecond, "500 ms")]
    [InlineData(12_340L, "1.234 ms")]
    [InlineData(TimeSpan.TicksPerDay + 2 * TimeSpan.TicksPerHour, "1 d 2 h")]
    [InlineData(-3 * TimeSpan.TicksPerSecond, "-3 s")]
    // The length a retried job's timeout was reported with before: now shown to the millisecond.
    [InlineData(162_700_000L, "16.27 s")]
    public void Format_Duration_ReadsAsPeopleWriteIt(long ticks, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromTicks(ticks)));

    [Theory]
    // Rounding carries into the next unit instead of printing "60 s" or "1000 ms".
    [InlineData(TimeSpan.TicksPerMinute + 59 * TimeSpan.TicksPerSecond + 9_996_000, "2 min")]
    [InlineData(TimeSpan.TicksPerSecond - 1, "1 s")]
    public void Format_JustBelowAUnit_RoundsIntoIt(long ticks, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Format_Extremes_DoNotThrow()
    {
        Assert.StartsWith("10675199 d", DurationText.Format(TimeSpan.MaxValue));
        Assert.StartsWith("-10675199 d", DurationText.Format(TimeSpan.MinValue));
    }

    [Fact]
    public void LimitMessages_StateTheConfiguredLimit()
    {
        Assert.Equal("The job exceeded its timeout of 2 s.", LimitMessages.JobTimedOut(TimeSpan.FromSeconds(2)));
        Assert.Equal("The task ran longer than its timeout of 1 h 30 min.", LimitMessages.TaskTimedOut(TimeSpan.FromMinutes(90)));
        Assert.Equal("The lease of w1 expired on attempt 2 of 3: it was not renewed within 30 s (worker lost or hung).",
            LimitMessages.LeaseExpired("w1", 2, 3, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void WorkerOptions_DurationOutOfRange_StatesTheValueInTheSameForm()
    {
        var error = Assert.Throws<GeoValidationException>(() => new WorkerOptions { Lease = TimeSpan.FromMilliseconds(100) }.Validate());

        Assert.Equal("'lease' must be at least 0.3 seconds; got 100 ms.", Assert.Single(error.Errors).Message);
    }
}
