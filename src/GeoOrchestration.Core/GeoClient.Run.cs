using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration;

/// <summary>Submit and run in one call: the one-command demo of every front end.</summary>
public sealed partial class GeoClient
{
    /// <summary>
    /// Submits a prepared submission and runs an in-process worker until that job ends, reporting
    /// progress on <see cref="RunOptions.Report"/> as <see cref="WaitForJobsAsync"/> does. The worker
    /// also serves other queued work while it runs. When the submission returns a job that already
    /// existed and had ended, no worker starts: the job is returned as it ended (a retry, not a
    /// resubmission, runs it again; see <see cref="ExistingJobNotice"/>).
    /// </summary>
    /// <remarks>
    /// When <see cref="RunOptions.Timeout"/> passes first, the result says so
    /// (<see cref="RunResult.TimedOut"/>) without waiting for the worker's shutdown grace: running
    /// handlers are stopped and their tasks handed back for another worker. Cancellation instead
    /// shuts the worker down gracefully.
    /// </remarks>
    /// <returns>The submission and the job as it ended, or as it stood at the timeout.</returns>
    /// <exception cref="GeoValidationException">The worker options are out of range (checked before anything is written, the schema included).</exception>
    public async Task<RunResult> RunAsync(PreparedSubmission submission, RunOptions options, CancellationToken cancellationToken = default)
    {
        // Refused before the job is submitted: a worker that cannot start must not leave a job behind.
        options.Worker.Validate();
        if (options.Deploy) await DeploySchemaAsync(dryRun: false, cancellationToken);
        var submitted = await SubmitAsync(submission, cancellationToken);
        options.Submitted?.Invoke(submitted);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var endGrace = new CancellationTokenSource();
        var running = HadEnded(submitted)
            ? Task.CompletedTask
            : CreateWorker(options.Worker with { ExitWhenIdle = null }).RunAsync(stop.Token, endGrace.Token);
        try
        {
            JobRecord? last = null;
            GeoTimeoutException? timedOut = null;
            await WaitForJobsAsync([submitted.Job.JobId], new JobWaitOptions { Timeout = options.Timeout, NoWorkerAfter = null }, e =>
            {
                (last, timedOut) = e switch
                {
                    JobWaitFinished f => (f.Job, timedOut),
                    JobWaitTimedOut t => (t.Job, t.Error),
                    JobWaitProgress p => (p.Progress.Job, timedOut),
                    _ => (last, timedOut),
                };
                options.Report?.Invoke(e);
            }, cancellationToken);
            // The caller asked to hear back at the timeout, so the handlers get no grace.
            if (timedOut is not null) await endGrace.CancelAsync();
            return new RunResult(submitted, last ?? submitted.Job) { TimedOut = timedOut };
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
