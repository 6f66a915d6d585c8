using GeoOrchestration.Engine;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>A claim loop that cannot reach its store backs off, doubling from 200 ms to at most 5 s.</summary>
public sealed class ClaimBackoffTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)]
    [InlineData(1000, 5000)]
    public void BackoffAfter_FailuresInARow_DoublesUpToTheBound(int failures, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ClaimLoop.BackoffAfter(failures));
    }
}
