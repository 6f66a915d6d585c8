using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Changes how long ended jobs of the statuses given are kept after they ended (a TimeSpan, '30d', or
/// 'forever'); the others keep theirs. Workers apply it at their next prune pass (every minute by
/// default). A negative duration is refused naming the parameter, and nothing is written.
/// </summary>
[Cmdlet(VerbsCommon.Set, "GeoRetention", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeoRetentionSetting))]
public sealed class SetGeoRetentionCommand : GeoCmdlet
{
    /// <summary>How long completed jobs are kept (default 7 days).</summary>
    [Parameter]
    [RetentionPeriodTransformation(true)]
    public GeoRetentionPeriod? Completed { get; set; }

    /// <summary>How long completed_with_errors jobs are kept (default 30 days).</summary>
    [Parameter]
    [RetentionPeriodTransformation(true)]
    public GeoRetentionPeriod? CompletedWithErrors { get; set; }

    /// <summary>How long failed jobs are kept (default 30 days).</summary>
    [Parameter]
    [RetentionPeriodTransformation(true)]
    public GeoRetentionPeriod? Failed { get; set; }

    /// <summary>How long cancelled jobs are kept (default 7 days).</summary>
    [Parameter]
    [RetentionPeriodTransformation(true)]
    public GeoRetentionPeriod? Cancelled { get; set; }

    /// <summary>Output the whole policy after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var given = new (string Parameter, JobStatus Status, GeoRetentionPeriod? Period)[]
        {
            (nameof(Completed), JobStatus.Completed, Completed),
            (nameof(CompletedWithErrors), JobStatus.CompletedWithErrors, CompletedWithErrors),
            (nameof(Failed), JobStatus.Failed, Failed),
            (nameof(Cancelled), JobStatus.Cancelled, Cancelled),
        }.Where(g => g.Period is not null).ToList();
        try
        {
            if (given.Count == 0)
                throw new GeoValidationException("Completed", "required", "Give at least one of -Completed, -CompletedWithErrors, -Failed, -Cancelled.");
            var negative = given.Where(g => g.Period!.KeepFor < TimeSpan.Zero)
                .Select(g => new ValidationError(g.Parameter, "minimum", $"-{g.Parameter} must be 0 or more, or forever (got {g.Period})."))
                .ToList();
            if (negative.Count > 0) throw new GeoValidationException(negative);
            var target = string.Join(", ", given.Select(g => $"{StatusNames.ToName(g.Status)} jobs: keep {g.Period}"));
            if (!ShouldProcess(target, "Set retention")) return;
            var policy = Run(token => Client.SetRetentionAsync(given.Select(g => new RetentionChange(g.Status, g.Period!.KeepFor)).ToList(), token));
            if (PassThru)
                foreach (var setting in policy.Settings) WriteObject(GeoRetentionSetting.From(setting));
        }
        catch (GeoException e)
        {
            Fail(e, null);
        }
    }
}
