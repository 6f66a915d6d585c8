using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

/// <summary>Prints a finished job and picks the exit code from how it ended.</summary>
internal static class JobResult
{
    public static int Write(CliSession session, SubmitResult submission, bool warned = false)
    {
        if (!warned) WarnIgnoredOptions(session, submission);
        if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Submission(submission));
        else TableOutput.Job(session.Out, submission.Job);
        if (submission.Job.Status == JobStatus.Completed) return ExitCodes.Success;
        session.Error.WriteLine($"geoorch: job {submission.Job.JobId} ended {StatusNames.ToName(submission.Job.Status)}" +
                                (submission.Job.Error is null ? "." : $": {submission.Job.Error}"));
        return ExitCodes.JobNotCompleted;
    }

    /// <summary>
    /// Says on stderr (in either output format) that a resubmission returned the existing job
    /// unchanged although it asked for other options: otherwise the new timeout looks applied.
    /// </summary>
    public static void WarnIgnoredOptions(CliSession session, SubmitResult submission)
    {
        if (submission.IgnoredOptions.Count == 0) return;
        var differences = submission.IgnoredOptions.Select(o => $"{o.Option} stays {Seconds(o.Existing)} (requested {Seconds(o.Requested)})");
        session.Error.WriteLine($"geoorch: warning: job {submission.Job.JobId[..16]} already existed and was returned unchanged: " +
                                $"{string.Join(", ", differences)}.");
    }

    private static string Seconds(TimeSpan? value) =>
        value is { } v ? $"{v.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s" : "no limit";
}
