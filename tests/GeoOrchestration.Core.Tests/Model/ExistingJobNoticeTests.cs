using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Core.Tests.Model;

/// <summary>
/// The one sentence every front end gives when a submission returns a job that already existed:
/// which job, its state and since when, the options not applied, and the retry command exactly when a
/// retry can take the job back (front ends pass their own time format and command).
/// </summary>
public sealed class ExistingJobNoticeTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ended = Submitted.AddMinutes(5);

    private static SubmitResult Existing(JobStatus status, params IgnoredSubmitOption[] ignored) => new(new JobRecord
    {
        JobId = new string('a', 64),
        JobType = "noop",
        Parameters = new JsonObject(),
        Status = status,
        Stage = 2,
        TotalStages = 3,
        Created = Submitted,
        Updated = Ended,
        Completed = status.IsTerminal() ? Ended : null,
    }, Created: false) { IgnoredOptions = ignored };

    private static string? Notice(SubmitResult submission) =>
        ExistingJobNotice.For(submission, t => t.ToString("HH:mm"), (id, task, job) => $"retry {id}{(task is { } t ? $" task={t.TotalSeconds}" : "")}{(job is { } j ? $" job={j.TotalSeconds}" : "")}");

    [Theory]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    [InlineData(JobStatus.CompletedWithErrors)]
    public void For_EndedJobARetryTakesBack_NamesItsStateAndEndAndTheRetryCommand(JobStatus status)
    {
        var name = StatusNames.ToName(status);
        Assert.Equal($"Job aaaaaaaaaaaaaaaa already existed and ended {name} at 08:05: this is that job as it ended, not a new run. " +
                     "To run what failed or was cancelled again: retry aaaaaaaaaaaaaaaa.", Notice(Existing(status)));
    }

    [Fact]
    public void For_CompletedJob_PointsToNoRetry()
    {
        Assert.Equal("Job aaaaaaaaaaaaaaaa already existed and ended completed at 08:05: this is that job as it ended, not a new run.",
            Notice(Existing(JobStatus.Completed)));
    }

    [Theory]
    [InlineData(JobStatus.Queued)]
    [InlineData(JobStatus.Processing)]
    public void For_LiveJob_NamesItsStateStageAndSubmissionWithoutARetry(JobStatus status)
    {
        Assert.Equal($"Job aaaaaaaaaaaaaaaa already existed and is {StatusNames.ToName(status)} (stage 2 of 3, submitted at 08:00): this is that job, not a new one.",
            Notice(Existing(status)));
    }

    [Fact]
    public void For_OptionsNotApplied_NamesEachAndPassesThemToTheRetryCommand()
    {
        var notice = Notice(Existing(JobStatus.Failed,
            new IgnoredSubmitOption("task_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)),
            new IgnoredSubmitOption("job_timeout", TimeSpan.FromHours(1), null)));

        Assert.EndsWith("It was returned unchanged: task_timeout stays 500 ms (requested 30 s), job_timeout stays no limit (requested 1 h). " +
                        "To run what failed or was cancelled again with those options: retry aaaaaaaaaaaaaaaa task=30 job=3600.", notice);
    }

    [Fact]
    public void For_NewJob_IsNull()
    {
        Assert.Null(Notice(Existing(JobStatus.Queued) with { Created = true }));
    }
}
