using GeoOrchestration.Identity;
using GeoOrchestration.Logging;

namespace GeoOrchestration.Core.Tests.Logging;

public sealed class LogLineFormatTests
{
    private static readonly DateTimeOffset InBerlin = new(2026, 12, 7, 6, 31, 2, 123, TimeSpan.FromHours(1));

    [Fact]
    public void Format_ATimeWithAnOffset_IsWrittenInUtcWithZAndMilliseconds()
    {
        var line = LogLineFormat.Format(InBerlin, GeoLogLevel.Information, "Worker w started", null);

        Assert.Equal("2026-12-07T05:31:02.123Z info Worker w started", line);
    }

    [Theory]
    [InlineData(GeoLogLevel.Trace, "trce")]
    [InlineData(GeoLogLevel.Debug, "dbug")]
    [InlineData(GeoLogLevel.Information, "info")]
    [InlineData(GeoLogLevel.Warning, "warn")]
    [InlineData(GeoLogLevel.Error, "fail")]
    [InlineData(GeoLogLevel.Critical, "crit")]
    public void Format_EachLevel_HasItsFourLetterName(GeoLogLevel level, string name) =>
        Assert.Equal($"2026-12-07T05:31:02.123Z {name} m", LogLineFormat.Format(InBerlin, level, "m", null));

    [Fact]
    public void Format_AnException_AddsItsTypeAndMessageOnTheSameLine()
    {
        var line = LogLineFormat.Format(InBerlin, GeoLogLevel.Warning, "Task t attempt 1/3 failed", new IOException("disk\ngone"));

        Assert.Equal("2026-12-07T05:31:02.123Z warn Task t attempt 1/3 failed (IOException: disk gone)", line);
    }

    [Fact]
    public void Format_AMessageThatQuotesTheException_DoesNotRepeatIt()
    {
        var line = LogLineFormat.Format(InBerlin, GeoLogLevel.Error, "Planning failed: bad plan", new InvalidOperationException("bad plan"));

        Assert.Equal("2026-12-07T05:31:02.123Z fail Planning failed: bad plan", line);
    }

    [Fact]
    public void Format_WithColour_ColoursOnlyTheLevelWord()
    {
        var line = LogLineFormat.Format(InBerlin, GeoLogLevel.Warning, "m", null, colour: true);

        Assert.Equal("2026-12-07T05:31:02.123Z \u001b[33mwarn\u001b[0m m", line);
    }

    [Fact]
    public void Format_AGeoLogLine_UsesTheTimeItWasLogged()
    {
        var line = new GeoLogLine(GeoLogLevel.Information, "c", "m", null) { Time = InBerlin };

        Assert.Equal("2026-12-07T05:31:02.123Z info m", LogLineFormat.Format(line));
    }

    [Theory]
    [InlineData(false, "", true)]
    [InlineData(false, "1", false)]
    [InlineData(false, "0", false)] // https://no-color.org: any non-empty value, "0" and "false" included
    [InlineData(true, "", false)]
    [InlineData(true, "1", false)]
    public void UseColour_TerminalAndNoColor_DecideTogether(bool redirected, string noColor, bool expected) =>
        Assert.Equal(expected, LogLineFormat.UseColour(redirected, noColor));

    [Fact]
    public void ShortJobId_IsTheSixteenCharactersTaskIdsAndJobListShow()
    {
        var id = new string('a', 16) + new string('b', 48);

        Assert.Equal(new string('a', 16), JobIdentity.ShortJobId(id));
        Assert.StartsWith(JobIdentity.ShortJobId(id) + "-s1-", JobIdentity.TaskId(id, 1, "k"));
    }
}
