using System.Management.Automation;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Submits a job: the same job type, parameters and run key always give the same job, and
/// <see cref="GeoJob.IsNew"/> says whether this call created it. <c>-WhatIf</c> validates and
/// shows the job id it would create, writing nothing. <c>-Wait</c> waits with a progress bar; <c>-AsJob</c> returns
/// the job as a PowerShell job instead (<see cref="GeoPSJob"/>: Get-Job, Wait-Job, Receive-Job work on it).
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = WaitSet)]
[OutputType(typeof(GeoJob), ParameterSetName = [WaitSet])]
[OutputType(typeof(GeoPSJob), ParameterSetName = [AsJobSet])]
public sealed class SubmitGeoJobCommand : SubmitCmdletBase
{
    private const string WaitSet = "Wait";
    private const string AsJobSet = "AsJob";

    /// <summary>Wait until the job ends, showing its progress; outputs the job as it ended.</summary>
    [Parameter(ParameterSetName = WaitSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>
    /// Output the job as a PowerShell job (PSJobTypeName GeoOrchestrationJob) that Get-Job lists in this session and
    /// Wait-Job, Receive-Job (the job's result), Stop-Job (cancel) and Remove-Job (delete) work on. Not with -Wait.
    /// </summary>
    [Parameter(ParameterSetName = AsJobSet)]
    public SwitchParameter AsJob { get; set; }

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
            if (AsJob)
            {
                WriteObject(Jobs.SessionJobs.For(SessionId)!.Track(ResolvedConnection, submission.Job));
                return;
            }
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
