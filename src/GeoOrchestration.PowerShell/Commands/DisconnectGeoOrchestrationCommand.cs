using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Forgets this session's <c>Connect-GeoOrchestration</c>: its commands then work on
/// <c>$env:GEO_CONNECTION</c>, else the embedded default file, as in a new session. Other sessions
/// and open connection pools are left alone; with <c>-PassThru</c> it outputs the store now in use.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "GeoOrchestration")]
[OutputType(typeof(GeoConnectionInfo))]
public sealed class DisconnectGeoOrchestrationCommand : GeoCmdlet
{
    /// <summary>Output the store the session's commands now work on.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Not a parameter of this command: it resets the session's store rather than working on one.
    /// Overridden without <see cref="ParameterAttribute"/>, so PowerShell does not offer it.
    /// </summary>
    public override GeoConnectionInfo? Connection { get => null; set { } }

    protected override void EndProcessing()
    {
        ConnectionCache.ClearDefault(SessionId);
        try
        {
            // -Connection (shared by every command) does not apply: this is the session's store.
            var now = ConnectionCache.Resolve(null, SessionId, () => SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            WriteVerbose($"Store: {now.Describe()}");
            if (PassThru) WriteObject(now);
        }
        catch (GeoException e)
        {
            Fail(e, null);
        }
    }
}
