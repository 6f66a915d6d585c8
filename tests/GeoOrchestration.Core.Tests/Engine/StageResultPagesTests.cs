using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;
using GeoOrchestration.Store;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>
/// How big the next page of a streamed stage is: about <see cref="StageResultPages.PageChars"/> of JSON,
/// so large results (a listing page of a thousand files) come a few at a time and small ones a thousand at
/// a time; and a page of no results is refused at the source.
/// </summary>
public sealed class StageResultPagesTests
{
    private static StageResultsPage Page(int results, long chars) =>
        new(Enumerable.Range(0, results).Select(i => new StageResult($"t{i}", $"{i}", 1, null)).ToList(), results - 1, chars);

    [Theory]
    [InlineData(100, 3_000, StageResultPages.MaxPageRows)]       // 30 characters a result: a thousand
    [InlineData(100, 15_000_000, 13)]                             // 150,000 characters a result (a listing page): 13
    [InlineData(10, 100_000_000, 1)]                              // 10 MB a result: one at a time
    [InlineData(100, 0, StageResultPages.MaxPageRows)]           // a store that does not say
    [InlineData(0, 0, StageResultPages.MaxPageRows)]
    public void NextLimit_IsAboutPageCharsOfJson_BetweenOneAndMaxPageRows(int results, long chars, int expected)
    {
        Assert.Equal(expected, StageResultPages.NextLimit(Page(results, chars)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void StageResultsPageParams_LimitBelowOne_IsRefused(int limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageResultsPageParams("job", 1, null, limit));
    }
}
