using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;

namespace GeoOrchestration.Cli.Commands;

/// <summary>Prints a finished job and picks the exit code from how it ended.</summary>
internal static class JobResult
{
    public static int Write(CliSession session, SubmitResult submission)
    {
        if (session.Json) JsonOutput.Write(session.Out, JsonOutput.Submission(submission));
        else TableOutput.Job(session.Out, submission.Job);
        if (submission.Job.Status == JobStatus.Completed) return ExitCodes.Success;
        session.Error.WriteLine($"geoorch: job {submission.Job.JobId} ended {StatusNames.ToName(submission.Job.Status)}" +
                                (submission.Job.Error is null ? "." : $": {submission.Job.Error}"));
        return ExitCodes.JobNotCompleted;
    }
}
