using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;

namespace GeoOrchestration.Core.Tests.Model;

/// <summary>
/// The resubmission notice with runs (issue 17): it names a later run as such and the front end's
/// force option after a job that had ended; the verbose details name the run and its request.
/// </summary>
public sealed class ExistingJobNoticeRunTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string RequestId = new('a', 64);

    private static SubmitResult Submission(JobStatus status, int run, bool created = false) => new(new JobRecord
    {
        JobId = JobIdentity.RunJobId(RequestId, run),
        RequestId = RequestId,
        Run = run,
        JobType = "noop",
        Parameters = new JsonObject { ["tasks"] = 2 },
        Status = status,
        Stage = 1,
        TotalStages = 1,
        Created = Submitted,
        Updated = Submitted,
        Completed = status.IsTerminal() ? Submitted.AddMinutes(5) : null,
    }, created);

    private static string Time(DateTimeOffset t) => t.ToString("HH:mm");

    [Fact]
    public void For_EndedLaterRun_NamesTheRunAndTheForceOption()
    {
        var submission = Submission(JobStatus.Completed, 3);

        var notice = ExistingJobNotice.For(submission, Time, (id, _, _) => $"retry {id}", "--force");

        Assert.Equal($"Job {submission.Job.JobId[..16]} (run 3 of its request) already existed and ended completed at 08:05: " +
                     "this is that job as it ended, not a new run (--force starts a new run of the same request).", notice);
    }

    [Fact]
    public void For_LiveJob_DoesNotOfferForce()
    {
        var notice = ExistingJobNotice.For(Submission(JobStatus.Processing, 1), Time, (id, _, _) => $"retry {id}", "-Force");

        Assert.DoesNotContain("-Force", notice);
    }

    [Fact]
    public void Details_Existing_NameTheRunItsRequestParametersAndTimes()
    {
        var details = ExistingJobNotice.Details(Submission(JobStatus.Failed, 2), Time, "-Force");

        Assert.StartsWith($"Job {JobIdentity.RunJobId(RequestId, 2)} (noop) is the job of these parameters and run key (run 2 of request {RequestId}, its latest): " +
                          """{"tasks":2}; created 08:00, stage 1 of 1, ended 08:05""", details);
        Assert.EndsWith("-Force starts a new run, another run key makes a new job.", details);
    }

    [Fact]
    public void Details_CreatedRun_OnlyForALaterRun()
    {
        Assert.Null(ExistingJobNotice.Details(Submission(JobStatus.Queued, 1, created: true), Time, "--force"));
        Assert.Equal($"Job {JobIdentity.RunJobId(RequestId, 2)} is run 2 of request {RequestId}: a new run of the same job type, parameters and run key.",
            ExistingJobNotice.Details(Submission(JobStatus.Queued, 2, created: true), Time, "--force"));
    }

    [Fact]
    public void RunJobId_RunOneIsTheRequest_LaterRunsAreDistinctAndDeterministic()
    {
        Assert.Equal(RequestId, JobIdentity.RunJobId(RequestId, 1));
        Assert.Equal(JobIdentity.RunJobId(RequestId, 2), JobIdentity.RunJobId(RequestId, 2));
        Assert.NotEqual(JobIdentity.RunJobId(RequestId, 2), JobIdentity.RunJobId(RequestId, 3));
        Assert.True(JobIdentity.IsJobId(JobIdentity.RunJobId(RequestId, 2)));
        // Task ids carry a job id's first 16 characters: a later run's tasks must not share run 1's.
        Assert.NotEqual(RequestId[..16], JobIdentity.RunJobId(RequestId, 2)[..16]);
    }
}
