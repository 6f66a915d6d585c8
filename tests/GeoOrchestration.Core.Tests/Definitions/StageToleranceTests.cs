using GeoOrchestration.Definitions;

namespace GeoOrchestration.Core.Tests.Definitions;

public sealed class StageToleranceTests
{
    [Theory]
    [InlineData(3, 10, 3)]
    [InlineData(5, 3, 3)] // never more than the stage has
    [InlineData(0, 10, 0)]
    public void AllowedFor_Count_IsTheCountUpToTheTaskCount(int count, int tasks, int allowed) =>
        Assert.Equal(allowed, StageTolerance.Count(count).AllowedFor(tasks));

    [Theory]
    [InlineData(10.0, 15, 1)]
    [InlineData(10.0, 10, 1)]
    [InlineData(10.0, 9, 0)]
    [InlineData(33.3, 1000, 333)]
    [InlineData(100.0, 7, 7)]
    [InlineData(0.0, 1000, 0)]
    public void AllowedFor_Percent_RoundsDown(double percent, int tasks, int allowed) =>
        Assert.Equal(allowed, StageTolerance.Percent(percent).AllowedFor(tasks));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void Percent_OutsideZeroToHundred_IsRefused(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StageTolerance.Percent(percent));

    [Fact]
    public void Count_Negative_IsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => StageTolerance.Count(-1));

    [Fact]
    public void None_ToleratesNothing() => Assert.Equal(0, StageTolerance.None.AllowedFor(1_000_000));
}
