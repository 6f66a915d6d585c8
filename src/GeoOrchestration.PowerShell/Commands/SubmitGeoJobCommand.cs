using System.Management.Automation;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Submits a job: the same job type, parameters and run key always give the same job, and
/// <see cref="GeoJob.IsNew"/> says whether this call created it. <c>-WhatIf</c> validates and
/// shows the job id it would create, writing nothing. <c>-Wait</c> waits with a progress bar.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeoJob))]
public sealed class SubmitGeoJobCommand : SubmitCmdletBase
{
    /// <summary>Wait until the job ends, showing its progress; outputs the job as it ended.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: give up waiting after this many seconds (a non-terminating error; the job goes on).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double? Timeout { get; set; }

    protected override void BeginProcessing()
    {
        if (Timeout is not null && !Wait)
            Fail(new Errors.GeoValidationException("timeout", "requires",
                "'-Timeout' limits only -Wait; add -Wait, or give the job its own limit with -JobTimeout."), Timeout);
    }

    protected override void ProcessRecord()
    {
        ForItem(InputObject ?? (object)JobType, () =>
        {
            var (parameters, options) = Request();
            // Checked once: -WhatIf shows the id it would submit, and the submission checks nothing again.
            var prepared = Client.PrepareSubmission(JobType, parameters, options);
            var jobId = prepared.JobId;
            if (!ShouldProcess(Force ? $"{JobType} request {jobId}" : $"{JobType} job {jobId}", Force ? "Submit a new run of" : "Submit")) return;
            var submission = Run(token => Client.SubmitAsync(prepared, token));
            WarnExisting(submission);
            if (!Wait)
            {
                WriteObject(GeoJob.From(submission.Job, submission.Created));
                return;
            }
            var reporter = new WaitReporter(this, _ => submission.Created);
            Run((queue, token) => Client.WaitForJobsAsync([submission.Job.JobId], new JobWaitOptions { Timeout = Seconds.From(Timeout) },
                e => queue.Post(() => reporter.Handle(e)), token));
        });
    }
}
