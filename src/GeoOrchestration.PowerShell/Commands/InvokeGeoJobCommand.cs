using System.Management.Automation;
using GeoOrchestration.Engine;
using GeoOrchestration.Infrastructure;
using GeoOrchestration.PowerShell;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Commands;

/// <summary>
/// Submits a job and runs an in-process worker until that job ends, with a progress bar: the
/// module's <c>geoorch run</c>. Deploys the schema first if needed, so it works on an empty
/// database with nothing else running.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeoJob))]
public sealed class InvokeGeoJobCommand : SubmitCmdletBase
{
    /// <summary>Give up after this many seconds (a non-terminating error; the job stays in the store for another worker).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double? Timeout { get; set; }

    /// <summary>Work items the in-process worker runs at once. Default 4.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int Concurrency { get; set; } = 4;

    protected override void ProcessRecord()
    {
        ForItem(InputObject ?? (object)JobType, () =>
        {
            var (parameters, options) = Request();
            var jobId = Client.ComputeJobId(JobType, parameters, options);
            if (!ShouldProcess($"{JobType} job {jobId}", "Submit and run")) return;
            bool? created = null;
            var reporter = new WaitReporter(this, _ => created);
            var (submission, _) = Run((queue, token) => Client.RunAsync(JobType, parameters, options,
                new WorkerOptions { Concurrency = Concurrency }, new JobWaitOptions { Timeout = Seconds.From(Timeout) },
                e => queue.Post(() => reporter.Handle(e)), deploy: true, cancellationToken: token,
                submitted: s => created = s.Created));
            WarnIgnored(submission);
        });
    }
}
