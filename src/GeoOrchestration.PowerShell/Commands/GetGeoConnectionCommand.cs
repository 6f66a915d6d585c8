using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Shows the store this session's commands work on (or the one <c>-Connection</c> names): its kind,
/// location, schema and where it came from (<c>-Connection</c>, <c>Connect-GeoOrchestration</c>,
/// <c>GEO_CONNECTION</c>, or <c>default</c>), password masked. Opens nothing and creates nothing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoConnection")]
[OutputType(typeof(GeoConnectionInfo))]
public sealed class GetGeoConnectionCommand : GeoCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(ResolvedConnection);
        }
        catch (GeoException e)
        {
            Fail(e, Connection);
        }
    }
}
