using GeoOrchestration.Engine;

namespace GeoOrchestration.Core.Tests.Engine;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(3, 4_000)]
    [InlineData(5, 16_000)]
    [InlineData(6, 30_000)]
    [InlineData(50, 30_000)]
    [InlineData(0, 1_000)]
    [InlineData(-3, 1_000)]
    public void RetryDelay_FullJitterAtTop_ReachesCeiling(int attempt, double ceilingMs)
    {
        var delay = ExceptionClassifier.RetryDelay(attempt, Base, Max, new FixedRandom(1.0));

        Assert.Equal(ceilingMs, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public void RetryDelay_JitterHalfway_IsHalfTheCeiling()
    {
        var delay = ExceptionClassifier.RetryDelay(3, Base, Max, new FixedRandom(0.5));

        Assert.Equal(2_000, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public void RetryDelay_SeededRandom_IsUniformDrawTimesCeiling()
    {
        var expected = new Random(42).NextDouble() * 4_000;

        var delay = ExceptionClassifier.RetryDelay(3, Base, Max, new Random(42));

        Assert.Equal(expected, delay.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(1000)]
    public void RetryDelay_ManySamples_StayWithinZeroAndCeilingAndSpreadAcrossIt(int attempt)
    {
        var ceiling = Math.Min(Max.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var random = new Random(7);

        var samples = Enumerable.Range(0, 2_000)
            .Select(_ => ExceptionClassifier.RetryDelay(attempt, Base, Max, random).TotalMilliseconds)
            .ToList();

        Assert.All(samples, ms => Assert.InRange(ms, 0, ceiling));
        Assert.True(samples.Max() > ceiling * 0.95, $"largest of 2000 samples was {samples.Max()} ms of {ceiling}");
        Assert.True(samples.Min() < ceiling * 0.05, $"smallest of 2000 samples was {samples.Min()} ms of {ceiling}");
    }

    [Fact]
    public void RetryDelay_LaterAttempt_HasLargerAverage()
    {
        double Mean(int attempt)
        {
            var random = new Random(11);
            return Enumerable.Range(0, 2_000).Average(_ => ExceptionClassifier.RetryDelay(attempt, Base, Max, random).TotalMilliseconds);
        }

        Assert.True(Mean(2) > Mean(1) * 1.5);
        Assert.True(Mean(4) > Mean(3) * 1.5);
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
