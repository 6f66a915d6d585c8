using GeoOrchestration.Identity;

namespace GeoOrchestration.Core.Tests.Identity;

/// <summary>The task id ranges stores query by (<see cref="JobIdentity.TaskIdsOf(string, int)"/>) hold exactly the ids <see cref="JobIdentity.TaskId"/> makes.</summary>
public sealed class TaskIdRangeTests
{
    private const string Job = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    // Shares the first 16 characters with Job; "0123456789abcdf0..." is the next short id up.
    private const string Twin = "0123456789abcdefffffffffffffffffffffffffffffffffffffffffffffffff";
    private const string Neighbour = "0123456789abcdf00123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("--")]
    [InlineData("0")]
    [InlineData("z")]
    [InlineData("ZZZZ")]
    [InlineData("a.b-c_d")]
    public void TaskIdsOfStage_AnyKey_HoldsTheStagesTaskAndNoOtherStages(string key)
    {
        var stage1 = JobIdentity.TaskIdsOf(Job, 1);

        Assert.True(stage1.Contains(JobIdentity.TaskId(Job, 1, key)));
        Assert.True(stage1.Contains(JobIdentity.TaskId(Twin, 1, key))); // 64 bits shared: queries keep their job_id test
        foreach (var other in new[] { 2, 10, 11, 100 })
            Assert.False(stage1.Contains(JobIdentity.TaskId(Job, other, key)), $"stage {other}");
        Assert.False(stage1.Contains(JobIdentity.TaskId(Neighbour, 1, key)));
    }

    [Theory]
    [InlineData(1, "-")]
    [InlineData(1, "z")]
    [InlineData(10, ".")]
    [InlineData(99, "ZZZZ")]
    public void TaskIdsOfJob_EveryStage_HoldsTheJobsTasksAndNoNeighboursJob(int stage, string key)
    {
        var job = JobIdentity.TaskIdsOf(Job);

        Assert.True(job.Contains(JobIdentity.TaskId(Job, stage, key)));
        Assert.False(job.Contains(JobIdentity.TaskId(Neighbour, stage, key)));
        Assert.False(JobIdentity.TaskIdsOf(Neighbour).Contains(JobIdentity.TaskId(Job, stage, key)));
    }

    [Fact]
    public void TaskIdsOf_Bounds_AreTheShortIdWithTheSeparatorAndTheByteAfterIt()
    {
        Assert.Equal(new TaskIdRange("0123456789abcdef-s3-", "0123456789abcdef-s3."), JobIdentity.TaskIdsOf(Job, 3));
        Assert.Equal(new TaskIdRange("0123456789abcdef-", "0123456789abcdef."), JobIdentity.TaskIdsOf(Job));
    }
}
