using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Core.Tests.Progress;

public sealed class JobProgressTests
{
    private static JobRecord Job(JobStatus status, int stage, int total) => new()
    {
        JobId = new string('a', 64), JobType = "t", Parameters = new JsonObject(), Status = status, Stage = stage, TotalStages = total,
        Created = DateTimeOffset.UnixEpoch, Updated = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Percent_CountsFinishedStagesWholeAndTheCurrentByItsTasks()
    {
        var progress = new JobProgress(Job(JobStatus.Processing, 2, 4), new StageProgress(2, 4, 3));

        Assert.Equal((1, 4), (progress.TasksDone, progress.TasksTotal));
        Assert.Equal(31.3, progress.Percent); // 100 * (1 + 1/4) / 4 = 31.25, one decimal away from zero
        Assert.Equal("1/4 31%", progress.ToString());
    }

    [Fact]
    public void Percent_OfAStageNotPlannedYet_CountsOnlyFinishedStages_AndACompletedJobIsWhole()
    {
        Assert.Equal(50, new JobProgress(Job(JobStatus.Processing, 2, 2), null).Percent);
        Assert.Equal("50%", new JobProgress(Job(JobStatus.Processing, 2, 2), null).ToString());
        Assert.Equal(100, new JobProgress(Job(JobStatus.Completed, 2, 2), null).Percent);
        Assert.Equal("1/1 100%", new JobProgress(Job(JobStatus.CompletedWithErrors, 2, 2), new StageProgress(2, 1, 0)).ToString());
    }

    [Fact]
    public void Percent_OfALiveJob_AddsItsRunningTasksReportedProgress_UpToTheWholeStage()
    {
        // 3 of 4 done and one task at 30% (0.3 tasks): (3 + 0.3) / 4 of the one stage.
        Assert.Equal(82.5, new JobProgress(Job(JobStatus.Processing, 1, 1), new StageProgress(1, 4, 1, 0.3)).Percent);
        // Running progress never takes a stage past whole.
        Assert.Equal(50, new JobProgress(Job(JobStatus.Processing, 1, 2), new StageProgress(1, 2, 1, 5)).Percent);
    }

    [Theory]
    [InlineData(JobStatus.Cancelled)]
    [InlineData(JobStatus.Failed)]
    public void Percent_OfAnEndedJob_IsWhereItStopped_TasksDoneOnly(JobStatus status)
    {
        // The cancelled job: "0%" in the list, "4/8 50%" alone. One figure now, from its tasks done.
        var progress = new JobProgress(Job(status, 1, 1), new StageProgress(1, 8, 4, 0.9));

        Assert.Equal(50, progress.Percent);
        Assert.Equal("4/8 50%", progress.ToString());
    }

    [Fact]
    public void Current_OfAnotherStage_IsNotCounted()
    {
        // Counts read for stage 1 while the record says stage 2 count for nothing in stage 2.
        Assert.Equal(50, new JobProgress(Job(JobStatus.Processing, 2, 2), new StageProgress(1, 4, 0)).Percent);
    }
}
