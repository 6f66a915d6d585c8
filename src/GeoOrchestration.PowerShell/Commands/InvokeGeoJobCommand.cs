using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.Engine;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Submits a job and runs an in-process worker until that job ends, with a progress bar: the
/// module's <c>geoorch run</c>. Creates the embedded default store (or a
/// <c>Connect-GeoOrchestration -Path</c> file) if needed, so it works on a fresh machine with nothing
/// else running; any other store is deployed only with <c>-Deploy</c>, and a missing PostgreSQL
/// schema or SQLite file is refused before anything is submitted. Ctrl+C, and SIGTERM sent to the process, stop the worker
/// gracefully (running handlers get the shutdown grace, the rest are handed back); after SIGTERM
/// the process exits: with code 0 if the job had ended (and was output), else with a
/// <c>JobInterrupted</c> error and code 1. The same job type, parameters and run key are the same
/// job: a job that already existed is named in a warning, and one that had ended is output as it
/// ended without starting a worker (<c>Restart-GeoJob</c> runs what failed again, <c>-Force</c> starts a new run).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeoJob))]
public sealed class InvokeGeoJobCommand : SubmitCmdletBase
{
    /// <summary>Give up after this many seconds (a non-terminating error, at once: running handlers get no shutdown grace; the job stays in the store for another worker).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double? Timeout { get; set; }

    /// <summary>Work items the in-process worker runs at once. Default 4.</summary>
    [Parameter]
    [ValidateRange(WorkerDefaults.MinConcurrency, WorkerDefaults.MaxConcurrency)]
    public int Concurrency { get; set; } = WorkerDefaults.Concurrency;

    /// <summary>Seconds running handlers may take to finish when the command is stopped (Ctrl+C, SIGTERM), before their tasks are handed back. Default 30.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double ShutdownGrace { get; set; } = WorkerDefaults.ShutdownGraceSeconds;

    /// <summary>
    /// Deploy the schema first (create the store, or bring it up to date), as <c>Invoke-GeoSchemaDeploy</c>
    /// does. Without it only the embedded default file and a <c>Connect-GeoOrchestration -Path</c> file are
    /// created: a mistyped path or GEO_SCHEMA must not become a new, empty store.
    /// </summary>
    [Parameter]
    public SwitchParameter Deploy { get; set; }

    protected override void ProcessRecord()
    {
        SigtermTakeover? sigterm = null;
        JobRecord? ended = null;
        ForItem(InputObject ?? (object)JobType, () =>
        {
            var (parameters, options) = Request();
            // Checked once: the run submits what was checked here.
            var prepared = Client.PrepareSubmission(JobType, parameters, options);
            var jobId = prepared.JobId;
            if (!ShouldProcess(Force ? $"{JobType} request {jobId}" : $"{JobType} job {jobId}", Force ? "Submit and run a new run of" : "Submit and run")) return;
            bool? created = null;
            JobRecord? seen = null;
            var reporter = new WaitReporter(this, _ => created);
            var workerOptions = new WorkerOptions { Concurrency = Concurrency, ShutdownGrace = Seconds.From(ShutdownGrace)!.Value };
            try
            {
                var deploy = Deploy.IsPresent || ResolvedConnection.CreatesStore;
                var run = Run(async (queue, token) =>
                {
                    // PostgreSQL is checked before the submission (an existing SQLite file upgrades itself on first use).
                    if (!deploy && !ResolvedConnection.IsEmbedded) await Client.CheckSchemaAsync(token);
                    using var stop = sigterm = new SigtermTakeover(token, () => queue.Post(() =>
                        WriteVerbose($"SIGTERM: stopping the in-process worker gracefully; job {jobId[..16]} stays in the store.")));
                    return await Client.RunAsync(prepared, new RunOptions
                    {
                        Worker = workerOptions,
                        Timeout = Seconds.From(Timeout),
                        Deploy = deploy,
                        Report = e =>
                        {
                            if (e is JobWaitProgress p) seen = p.Progress.Job;
                            queue.Post(() => reporter.Handle(e));
                        },
                        Submitted = s =>
                        {
                            created = s.Created;
                            jobId = s.Job.JobId; // a forced run's own id, for the SIGTERM message
                            // Before the job is written out: a job that had ended comes back as it ended, not run again.
                            queue.Post(() => WarnExisting(s));
                        },
                    }, stop.Token);
                });
                ended = run.Job;
            }
            catch (OperationCanceledException) when (sigterm?.Received == true)
            {
                // The worker has handed its tasks back by now; the store, not the last progress this
                // command happened to see (a poll behind the worker), says what state the job is in.
                if (created is not null) seen = StoredOrSeen(jobId, seen);
                var error = Interrupted(jobId, created is not null, seen);
                WriteError(ErrorMapping.ToRecord(error, seen is null ? jobId : GeoJob.From(seen, created)));
            }
        });
        // The signal asked the process to end; the worker has handed everything back by now.
        if (sigterm?.Received == true) SigtermTakeover.ExitProcess(ended is { } job && job.Status.IsTerminal() ? 0 : 1);
    }

    /// <summary>The job as the store has it now, or as last seen when the store cannot be read.</summary>
    private JobRecord? StoredOrSeen(string jobId, JobRecord? seen)
    {
        try
        {
            return Run(_ => Client.GetJobAsync(jobId, CancellationToken.None));
        }
        catch (Exception e) when (e is GeoException or PipelineStoppedException)
        {
            return seen;
        }
    }

    private static JobInterruptedException Interrupted(string jobId, bool submitted, JobRecord? seen) => new(submitted
        ? $"SIGTERM stopped Invoke-GeoJob before job {jobId} ended: the job is still {(seen is null ? "in the store" : StatusNames.ToName(seen.Status))}, " +
          "and the tasks its in-process worker did not finish within the shutdown grace were handed back to the queue without counting the attempt. " +
          $"To finish it, run a worker on this store (Start-GeoWorker) and wait with Wait-GeoJob {jobId}, " +
          "or run the same Invoke-GeoJob again: the same job type, parameters and run key are the same job, which it resumes."
        : $"SIGTERM stopped Invoke-GeoJob before it had submitted job {jobId}: run the same Invoke-GeoJob again.", jobId);
}
