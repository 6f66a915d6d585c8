using System.Management.Automation;
using GeoOrchestration.PowerShell.Completion;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Output;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Cancels queued or processing jobs: their queued tasks are cancelled at once, running handlers
/// stop at their next heartbeat. Cancelling an ended job named as an argument is a GeoConflict
/// error; ended jobs that come from the pipeline or match a wildcard are skipped with a verbose line
/// (see <see cref="JobChangeCmdletBase"/>).
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "GeoJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoJob))]
public sealed class StopGeoJobCommand : JobChangeCmdletBase
{
    /// <summary>
    /// Jobs to cancel: ids, unique prefixes of 8 or more characters or wildcard patterns; strings from
    /// the pipeline bind as ids, jobs (any object with a JobId) by their JobId.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] JobId { get; set; } = [];

    /// <summary>Why, recorded as the job's error. Default "Cancelled on request.".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reason { get; set; }

    /// <summary>Output each cancelled job.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ChangeJobs(JobId);

    private protected override string Action => "Cancel";

    private protected override string Condition => "cancelled only while it is queued or processing";

    private protected override bool CanChange(JobStatus status) => !status.IsTerminal();

    private protected override Task<JobChangeOutcome> ChangeAsync(string jobId, CancellationToken cancellationToken) =>
        Client.CancelJobAsync(jobId, Reason, cancellationToken);

    private protected override void Changed(JobChangeOutcome outcome)
    {
        if (PassThru && outcome.Job is not null) WriteObject(GeoJob.From(Run(token => Client.GetJobProgressAsync(outcome.Job, token))));
    }
}
