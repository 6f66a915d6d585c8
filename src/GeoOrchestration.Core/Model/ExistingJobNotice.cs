using GeoOrchestration.Store;

namespace GeoOrchestration.Model;

/// <summary>
/// What every front end says when a submission (submit, run) returns a job that already existed: the
/// same job type, parameters and run key are the same job, so nothing was submitted and, for a job
/// that had ended, nothing is run again. One sentence, worded here once, that names the job, its state
/// and when it ended (or was submitted), the options it was returned without, and for a job a retry
/// can take back the front end's retry command (with those options, a timeout set too low at first
/// submission being the usual reason to submit again).
/// </summary>
public static class ExistingJobNotice
{
    /// <summary>The sentence; null when the submission created the job.</summary>
    /// <param name="time">How the front end shows a time (the CLI: local time with its UTC offset).</param>
    /// <param name="retryCommand">
    /// The front end's command that retries the job: given its short id and the task and job timeouts
    /// this submission asked for and did not get (null for none).
    /// </param>
    /// <param name="forceOption">
    /// The front end's option that starts a new run of the same request (<c>-Force</c>,
    /// <c>--force</c>), named after a job that had ended; null names none.
    /// </param>
    public static string? For(SubmitResult submission, Func<DateTimeOffset, string> time,
        Func<string, TimeSpan?, TimeSpan?, string> retryCommand, string? forceOption = null)
    {
        if (submission.Created) return null;
        var job = submission.Job;
        var id = job.JobId[..16] + (job.Run > 1 ? $" (run {job.Run} of its request)" : "");
        var status = StatusNames.ToName(job.Status);
        var text = job.Status.IsTerminal()
            ? $"Job {id} already existed and ended {status}" + (job.Completed is { } ended ? $" at {time(ended)}" : "") +
              ": this is that job as it ended, not a new run" +
              (forceOption is null ? "." : $" ({forceOption} starts a new run of the same request).")
            : $"Job {id} already existed and is {status} (stage {job.Stage} of {job.TotalStages}, submitted at {time(job.Created)}): " +
              "this is that job, not a new one.";
        var ignored = submission.IgnoredOptions;
        if (ignored.Count > 0)
            text += " It was returned unchanged: " +
                    string.Join(", ", ignored.Select(o => $"{o.Option} stays {Limit(o.Existing)} (requested {Limit(o.Requested)})")) + ".";
        if (Engine.EngineSteps.IsRetryable(job.Status))
        {
            TimeSpan? Requested(string option) => ignored.FirstOrDefault(o => o.Option == option)?.Requested;
            text += $" To run what failed or was cancelled again{(ignored.Count > 0 ? " with those options" : "")}: " +
                    $"{retryCommand(id, Requested("task_timeout"), Requested("job_timeout"))}.";
        }
        return text;
    }

    /// <summary>
    /// The details a front end gives on request (<c>-Verbose</c>, <c>--verbose</c>) beside the
    /// sentence of <see cref="For"/>: the whole id, the run of its request, the parameters, when it
    /// was submitted and ended, its error and limits. For a job the submission created, only which run
    /// it is, and only for a forced run (run 2 on); null otherwise.
    /// </summary>
    public static string? Details(SubmitResult submission, Func<DateTimeOffset, string> time, string forceOption)
    {
        var job = submission.Job;
        if (submission.Created)
            return job.Run > 1 ? $"Job {job.JobId} is run {job.Run} of request {job.RequestId}: a new run of the same job type, parameters and run key." : null;
        return $"Job {job.JobId} ({job.JobType}) is the job of these parameters and run key (run {job.Run} of request {job.RequestId}, its latest): " +
               $"{job.Parameters.ToJsonString()}; created {time(job.Created)}, stage {job.Stage} of {job.TotalStages}" +
               (job.Completed is { } ended ? $", ended {time(ended)}" : "") +
               (job.Error is null ? "" : $"; its error: {job.Error}") +
               $"; task timeout {Describe(job.TaskTimeout)}, job timeout {Describe(job.JobTimeout)}. " +
               $"Submitting the same job type, parameters and run key again returns it: {forceOption} starts a new run, another run key makes a new job.";
    }

    private static string Describe(TimeSpan? value) => value is { } v ? DurationText.Format(v) : "none";

    private static string Limit(TimeSpan? value) => value is { } v ? DurationText.Format(v) : "no limit";
}
