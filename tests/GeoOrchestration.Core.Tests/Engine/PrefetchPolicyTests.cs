using GeoOrchestration.Engine;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>
/// Prefetching apart from any store: a worker fetches ahead of its slots only while its tasks are
/// short, and then claims in batches while a backlog lasts.
/// </summary>
public sealed class PrefetchPolicyTests
{
    [Fact]
    public void Depth_BeforeAnyTaskEnded_IsNone()
    {
        var prefetch = new PrefetchPolicy(concurrency: 16);

        Assert.Equal((0, 16, 1), (prefetch.Depth, prefetch.Capacity, prefetch.ClaimThreshold(backlog: true)));
    }

    [Fact]
    public void Depth_ShortTasks_SevenSlotsWorthAndHalfTheCapacityPerClaimInABacklog()
    {
        var prefetch = new PrefetchPolicy(concurrency: 16);

        prefetch.Observe(2);

        Assert.Equal((112, 128), (prefetch.Depth, prefetch.Capacity));
        Assert.Equal((64, 1), (prefetch.ClaimThreshold(backlog: true), prefetch.ClaimThreshold(backlog: false)));
    }

    [Fact]
    public void Depth_LongTasks_IsNoneAndEveryFreeSlotIsClaimed()
    {
        var prefetch = new PrefetchPolicy(concurrency: 16);

        prefetch.Observe(500);

        Assert.Equal((0, 16, 1), (prefetch.Depth, prefetch.Capacity, prefetch.ClaimThreshold(backlog: true)));
    }

    [Fact]
    public void Observe_TasksGrowLong_PrefetchStopsOnceTheAverageCrossesTheLimit()
    {
        var prefetch = new PrefetchPolicy(concurrency: 4);
        prefetch.Observe(10);

        // The average moves a tenth of the way per task: 10 -> 19 stays short, 19 -> 27.1 does not.
        prefetch.Observe(100);
        var afterOne = prefetch.Depth;
        prefetch.Observe(100);

        Assert.Equal((28, 0), (afterOne, prefetch.Depth));
    }
}
