using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Shows the store this session's commands work on (or the one <c>-Connection</c> names): its kind,
/// location, schema and where it came from (<c>-Connection</c>, <c>Connect-GeoOrchestration</c>,
/// <c>GEO_CONNECTION</c>, or <c>default</c>), password masked, and the transport its workers and
/// submissions use (Service Bus from <c>Connect-GeoOrchestration</c> or <c>GEO_SERVICEBUS</c>). Opens nothing and creates nothing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GeoConnection")]
[OutputType(typeof(GeoConnectionInfo))]
public sealed class GetGeoConnectionCommand : GeoCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            // With the transport its commands would use: the session's, else GEO_SERVICEBUS's.
            var connection = ResolvedConnection;
            WriteObject(connection.TransportSettings is null && ResolvedTransport.IsServiceBus
                ? new GeoConnectionInfo(connection.Connection) { TransportSettings = ResolvedTransport }
                : connection);
        }
        catch (GeoException e)
        {
            Fail(e, Connection);
        }
    }
}
