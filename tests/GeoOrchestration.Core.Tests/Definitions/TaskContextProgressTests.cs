using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Store;

namespace GeoOrchestration.Core.Tests.Definitions;

/// <summary>A progress message goes to the store with every lease renewal: it must always be storable text.</summary>
public sealed class TaskContextProgressTests
{
    private static string? Report(string message)
    {
        string? stored = null;
        var context = new TaskContext
        {
            JobId = new string('a', 64), TaskId = "t", TaskType = "x", Stage = 1, Attempt = 1,
            Parameters = new JsonObject(), WorkerId = "w", ProgressSink = (_, m) => stored = m,
        };
        context.ReportProgress(50, message);
        return stored;
    }

    [Fact]
    public void ReportProgress_NulAndLoneSurrogate_AreStoredEscaped()
    {
        Assert.Equal("tile\\u0000 at \\ud800", Report("tile\0 at \ud800"));
    }

    [Fact]
    public void ReportProgress_LongMessageWithNuls_StaysWithinTheStoresLimitAfterEscaping()
    {
        var stored = Report(new string('\0', 1000))!;

        Assert.Equal(1000, stored.Length);
        Assert.True(StorableText.IsStorable(stored));
    }

    [Fact]
    public void ReportProgress_CutAtTheLimit_DoesNotSplitASurrogatePair()
    {
        var stored = Report(new string('a', 999) + "\ud83d\ude00")!;

        Assert.Equal(new string('a', 999), stored);
    }
}
