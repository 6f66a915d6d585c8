using System.Management.Automation;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Shows the store's retention policy: per ended status, how long a job is kept after it ended before the
/// janitor removes it with its stages, tasks and events (forever: never). Changes nothing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoRetention")]
[OutputType(typeof(GeoRetentionSetting))]
public sealed class GetGeoRetentionCommand : GeoCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            foreach (var setting in Run(token => Client.GetRetentionAsync(token)).Settings)
                WriteObject(GeoRetentionSetting.From(setting));
        }
        catch (Errors.GeoException e)
        {
            Fail(e, null);
        }
    }
}
