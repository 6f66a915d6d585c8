using System.Globalization;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

/// <summary>Prints a finished job and picks the exit code from how it ended.</summary>
internal static class JobResult
{
    /// <summary>Prints <paramref name="job"/>, as <paramref name="submission"/> led to it, and picks the exit code: 0 completed, else 6.</summary>
    /// <param name="warned">The existing-job warning was given already (before a wait).</param>
    public static int Write(CliSession session, SubmitResult submission, JobRecord job, bool warned = false)
    {
        if (!warned) WarnExisting(session, submission);
        var shown = submission with { Job = job };
        if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Submission(shown));
        else TableOutput.Job(session.Out, job);
        if (job.Status == JobStatus.Completed) return ExitCodes.Success;
        // A job that had ended before this command did not end now: the warning said how and when it ended.
        if (submission.Created || !submission.Job.Status.IsTerminal())
            session.Error.WriteLine($"geoorch: job {job.JobId} ended {StatusNames.ToName(job.Status)}" +
                                    (job.Error is null ? "." : $": {job.Error}"));
        return ExitCodes.JobNotCompleted;
    }

    /// <summary>
    /// Says on stderr (in either output format), in one line, that a submission returned a job that
    /// already existed: which job, in which state and since when, the options it was returned without
    /// (otherwise a new timeout looks applied), and the retry command when it can be retried; with
    /// <c>--verbose</c> a second line with the details (<see cref="ExistingJobNotice.Details"/>).
    /// </summary>
    public static void WarnExisting(CliSession session, SubmitResult submission)
    {
        if (ExistingJobNotice.For(submission, TableOutput.Time, RetryCommand, "--force") is { } notice)
            session.Error.WriteLine($"geoorch: warning: {char.ToLowerInvariant(notice[0])}{notice[1..]}");
        // The details -Verbose gives in PowerShell, on their own line after the warning.
        if (session.Verbose && ExistingJobNotice.Details(submission, TableOutput.Time, "--force") is { } details)
            session.Error.WriteLine($"geoorch: {char.ToLowerInvariant(details[0])}{details[1..]}");
    }

    private static string RetryCommand(string jobId, TimeSpan? taskTimeout, TimeSpan? jobTimeout) =>
        $"geoorch job retry {jobId}" + (taskTimeout is { } task ? $" --task-timeout {Seconds(task)}" : "") +
        (jobTimeout is { } job ? $" --job-timeout {Seconds(job)}" : "");

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
