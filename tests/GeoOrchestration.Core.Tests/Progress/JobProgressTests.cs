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
        var progress = new JobProgress(Job(JobStatus.Processing, 2, 4), [new StageProgress(1, 10, 0), new StageProgress(2, 4, 3)]);

        Assert.Equal(1, progress.Current!.Done);
        Assert.Equal(100.0 * (1 + 0.25) / 4, progress.Percent, 6);
    }

    [Fact]
    public void Percent_OfAStageNotPlannedYet_CountsOnlyFinishedStages_AndACompletedJobIsWhole()
    {
        Assert.Equal(50, new JobProgress(Job(JobStatus.Processing, 2, 2), [new StageProgress(1, 3, 0)]).Percent, 6);
        Assert.Null(new JobProgress(Job(JobStatus.Processing, 2, 2), [new StageProgress(1, 3, 0)]).Current);
        Assert.Equal(100, new JobProgress(Job(JobStatus.Completed, 2, 2), []).Percent);
    }
}
